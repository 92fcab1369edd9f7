import type { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import type { AppEnv, Lang } from '../server/context';
import { AppError } from '../server/errors';
import { LoginRateLimited, logout } from '../server/auth/sessions';
import { clearSessionCookie, setSessionCookie, signIn } from '../server/auth/routes';
import { requestContext } from '../server/http/route';
import { LANG_COOKIE } from '../server/http/middleware';
import { t } from './i18n';
import { ErrorSummary } from './layout';
import { pageActor, readForm, render, type PageContext } from './render';
import { requestOrigin, sameSiteTarget } from '../server/auth/redirect';
import { homeSections } from './home';
import { frontDoorIndex } from './asthma-index/front-door';

export function registerPages(app: Hono<AppEnv>): void {
  app.get('/lang/:lang', (c) => {
    const lang: Lang = c.req.param('lang') === 'en' ? 'en' : 'zh';
    setCookie(c, LANG_COOKIE, lang, { path: '/', sameSite: 'Lax', maxAge: 365 * 86400 });
    return c.redirect(backTo(c, 'back'), 303);
  });

  // No icon yet: answer without a body rather than a 404 in every browser console.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/login', (c) => loginPage(c, '', [], 200));
  app.post('/login', async (c) => {
    const form = await readForm(c);
    const username = typeof form.username === 'string' ? form.username.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    try {
      const { token } = await signIn(c, username, password);
      setSessionCookie(c, token);
      return c.redirect(backTo(c, 'next'), 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const lang = c.get('lang');
      const message = err instanceof LoginRateLimited ? t(lang, 'login.rateLimitedFor', { minutes: Math.ceil(err.retryAfterSeconds / 60) }) : t(lang, 'login.failed');
      return loginPage(c, username, [message], err.status);
    }
  });
  app.post('/logout', async (c) => {
    await logout(c.get('deps'), requestContext(c));
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });

  app.get('/', async (c) => {
    if (!c.get('actor')) return frontDoor(c);
    const actor = pageActor(c);
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const sections = await homeSections(c, actor);
    return render(
      c,
      t(lang, 'nav.home'),
      <>
        <h1>{t(lang, 'home.welcome', { name: actor.displayName })}</h1>
        <p class="muted">{t(lang, `home.${actor.role}.intro`)}</p>
        {sections.length ? sections : <p>{t(lang, 'home.empty')}</p>}
      </>,
      { wide: true, scripts: ['/static/vendor/chart.umd.js', '/static/charts.js'] },
    );
  });
}

/** The path in query parameter `name` to send the browser to: on this site only, `/` otherwise. */
const backTo = (c: PageContext, name: string) => sameSiteTarget(c.req.query(name), requestOrigin(c.req.url));

function LoginForm(props: { lang: Lang; action: string; username: string; demo: boolean }) {
  const { lang } = props;
  return (
    <>
      <form method="post" action={props.action}>
        <label for="username">{t(lang, 'login.username')}</label>
        <input id="username" name="username" autocomplete="username" required value={props.username} />
        <label for="password">{t(lang, 'login.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p>
          <button type="submit">{t(lang, 'login.submit')}</button>
        </p>
      </form>
      {props.demo ? <p class="muted">{t(lang, 'login.demoHint')}</p> : null}
    </>
  );
}

function loginPage(c: PageContext, username: string, errors: string[], status: number) {
  const lang = c.get('lang');
  const action = c.req.query('next') ? `/login?next=${encodeURIComponent(backTo(c, 'next'))}` : '/login';
  return render(
    c,
    t(lang, 'login.title'),
    <section class="card narrow">
      <h1>{t(lang, 'login.title')}</h1>
      <ErrorSummary lang={lang} messages={errors} />
      <LoginForm lang={lang} action={action} username={username} demo={c.get('deps').config.DEMO_MODE} />
      {/* Sent here by a link that needs an account, a parent without one still finds the index. */}
      <p>
        <a href="/index">{t(lang, 'login.indexLink')}</a>
      </p>
    </section>,
    { status },
  );
}

/** "/" for a visitor who is not signed in: today's index first, then signing in. */
async function frontDoor(c: PageContext) {
  const lang = c.get('lang');
  return render(
    c,
    t(lang, 'front.title'),
    <>
      {await frontDoorIndex(c)}
      <section class="card narrow" aria-labelledby="login-heading">
        <h2 id="login-heading">{t(lang, 'login.title')}</h2>
        <p class="muted">{t(lang, 'login.forWhom')}</p>
        <LoginForm lang={lang} action="/login" username="" demo={c.get('deps').config.DEMO_MODE} />
      </section>
    </>,
  );
}

export function renderErrorPage(c: PageContext, status: number, code: string, requestId?: string) {
  const lang = c.get('lang');
  const key = ['not_found', 'forbidden', 'unauthenticated', 'internal', 'busy'].includes(code) ? `error.${code}` : 'error.generic';
  return render(
    c,
    t(lang, 'error.title'),
    <section class="card">
      <h1>{t(lang, 'error.title')}</h1>
      <p>
        {t(lang, key)} {requestId ? <code>{requestId}</code> : null}
      </p>
      <p>
        <a href="/">{t(lang, 'error.back')}</a>
      </p>
    </section>,
    { status },
  );
}
