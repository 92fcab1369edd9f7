// The family app's blocks on pages owned by others: the child page (plan, send an article),
// the parent's and the nurse's home pages, and the navigation.
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { AppError } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { guardianChildIds } from '../../server/auth/me';
import { childInScope } from '../../server/children/service';
import { latestPlanRow, listSchoolPlans } from '../../server/family-app/plans';
import { listArticles, sendArticle } from '../../server/family-app/articles';
import { t } from '../i18n';
import { addHomeSection } from '../home';
import { addNav } from '../layout';
import { addChildPageSection } from '../children/sections';
import { pageActor, readForm } from '../render';

addNav('family.own', { href: '/app', key: 'nav.app' }, 1);
addNav('plans.school', { href: '/app/plans', key: 'nav.plans' }, 1);
addNav('articles.edit', { href: '/app/editor', key: 'nav.articles' });

addChildPageSection(30, async (c, actor, childId) => {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const plan = await latestPlanRow(deps.db, childId);
  const isClinician = actor.role === 'clinician' || actor.role === 'admin';
  const sentFlag = c.req.query('articleSent');
  const articles = isClinician ? await listArticles(deps, actor) : [];
  return (
    <section class="card" id="family-app">
      <h2>{t(lang, 'plan.title')}</h2>
      <p>
        {plan ? <a href={`/app/plan/${childId}`}>{t(lang, 'app.planLink', { version: plan.version })}</a> : <span class="muted">{t(lang, isClinician ? 'plan.noneClinician' : 'app.noPlan')}</span>}
        {plan ? <span class="muted"> · {plan.created_at.slice(0, 10)}</span> : null}
        {isClinician ? (
          <>
            {' '}
            · <a href={`/app/plan/${childId}/edit`}>{t(lang, plan ? 'plan.newVersion' : 'plan.write')}</a>
          </>
        ) : null}
      </p>
      {isClinician ? (
        <>
          <h3>{t(lang, 'send.title')}</h3>
          {sentFlag === '1' ? (
            <p class="notice" role="status">
              {t(lang, 'send.done')}
            </p>
          ) : sentFlag === '0' ? (
            <p class="errors" role="alert">
              {t(lang, 'send.failed')}
            </p>
          ) : null}
          {articles.length ? (
            <form method="post" action={`/app/children/${childId}/send-article`} class="inline-form">
              <label for="f-send-slug">{t(lang, 'send.article')}</label>
              <select id="f-send-slug" name="slug">
                {articles.map((a) => (
                  <option value={a.slug}>{a.title[lang]}</option>
                ))}
              </select>
              <button type="submit">{t(lang, 'send.button')}</button>
            </form>
          ) : (
            <p class="muted">{t(lang, 'article.none')}</p>
          )}
        </>
      ) : null}
    </section>
  );
});

addHomeSection(['parent'], 5, async (c, actor) => {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const ids = await guardianChildIds(deps, actor.id);
  const rows = await Promise.all(ids.map(async (id) => ({ id, name: (await childInScope(deps.db, actor, id)).name, plan: await latestPlanRow(deps.db, id) })));
  return (
    <section class="card">
      <h2>{t(lang, 'app.title')}</h2>
      <p>{t(lang, 'app.homeIntro')}</p>
      <ul>
        {rows.map((r) => (
          <li>
            {r.name}: {r.plan ? <a href={`/app/plan/${r.id}`}>{t(lang, 'app.planShort')}</a> : <span class="muted">{t(lang, 'app.noPlan')}</span>}
          </li>
        ))}
        <li>
          <a href="/app/articles">{t(lang, 'app.articles')}</a>
        </li>
      </ul>
      <p>
        <a class="button" href="/app">
          {t(lang, 'app.open')}
        </a>
      </p>
    </section>
  );
});

addHomeSection(['nurse'], 40, async (c) => {
  const lang = c.get('lang');
  const items = await listSchoolPlans(c.get('deps'), requestContext(c));
  return (
    <section class="card">
      <h2>{t(lang, 'nurse.plans')}</h2>
      {items.length ? (
        <ul>
          {items.slice(0, 10).map((p) => (
            <li>
              <a href={`/app/plan/${p.childId}`}>{p.name}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t(lang, 'nurse.none')}</p>
      )}
      <p>
        <a href="/app/plans">{t(lang, 'nurse.all', { count: items.length })}</a>
      </p>
    </section>
  );
});

export function registerSendArticlePage(app: Hono<AppEnv>): void {
  app.post('/app/children/:id/send-article', async (c) => {
    const actor = pageActor(c, 'articles.edit');
    if (actor instanceof Response) return actor;
    const id = c.req.param('id');
    const form = await readForm(c);
    const slug = typeof form.slug === 'string' ? form.slug : '';
    try {
      await sendArticle(c.get('deps'), requestContext(c), id, slug);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 404 || !slug) throw err;
      // Out of scope is a 404 for the child too; only a missing article comes back to the page.
      await childInScope(c.get('deps').db, actor, id);
      return c.redirect(`/children/${id}?articleSent=0#family-app`, 303);
    }
    return c.redirect(`/children/${id}?articleSent=1#family-app`, 303);
  });
}
