import type { Child } from 'hono/jsx';
import type { Actor, Lang } from '../server/context';
import { t, type MessageKey } from './i18n';
import { rolesFor, type Action } from '../server/auth/policy';

export interface PageProps {
  lang: Lang;
  actor: Actor | null;
  title: string;
  /** Current path, so the language switch can come back to it. */
  path: string;
  orgName?: string | null;
  children?: Child;
  /** Extra scripts (own origin only; the CSP forbids inline script). */
  scripts?: string[];
  wide?: boolean;
  /** Extra head elements (the family app's manifest link). */
  head?: Child;
}

type NavItem = { href: string; key: MessageKey };

const navByRole: Record<Actor['role'], NavItem[]> = {
  admin: [
    { href: '/', key: 'nav.home' },
    { href: '/admin/users', key: 'nav.users' },
    { href: '/admin/audit', key: 'nav.audit' },
    { href: '/admin/calendar', key: 'nav.calendar' },
    { href: '/index', key: 'nav.index' },
  ],
  manager: [
    { href: '/', key: 'nav.home' },
    { href: '/index', key: 'nav.index' },
  ],
  clinician: [
    { href: '/', key: 'nav.home' },
    { href: '/children', key: 'nav.children' },
    { href: '/index', key: 'nav.index' },
  ],
  nurse: [
    { href: '/', key: 'nav.home' },
    { href: '/index', key: 'nav.index' },
  ],
  // A parent's whole menu, in plain words. The diary opens the family app, which lists each child
  // with today's diary, one child or two (/diary picks a child only when there is one); the family
  // app's own entry is that same page. Webhooks are for integrators: the API, not this menu.
  parent: [
    { href: '/', key: 'nav.home' },
    { href: '/app', key: 'nav.diary' },
    { href: '/index', key: 'nav.index' },
    { href: '/app/notifications', key: 'nav.notifications' },
  ],
};

/**
 * Lets features add their pages to the navigation without editing this file's callers. An entry
 * whose address or label the role's menu already has is left out: the menu names each thing once.
 */
/** A menu item for the roles allowed the action its page performs (server/auth/policy.ts). */
export function addNav(action: Action, item: NavItem, position = -1): void {
  for (const role of rolesFor(action)) {
    const list = navByRole[role];
    if (list.some((i) => i.href === item.href || i.key === item.key)) continue;
    if (position < 0) list.push(item);
    else list.splice(position, 0, item);
  }
}

export function Layout(props: PageProps) {
  const { lang, actor } = props;
  const other = lang === 'zh' ? 'en' : 'zh';
  return (
    <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t(lang, 'app.name')}`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        {props.head}
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer></script>
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          {t(lang, 'layout.skip')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {t(lang, 'app.name')}
          </a>
          {actor ? (
            <nav aria-label={t(lang, 'layout.mainNav')}>
              <ul>
                {navByRole[actor.role].map((item) => (
                  <li>
                    <a href={item.href} aria-current={props.path === item.href ? 'page' : undefined}>
                      {t(lang, item.key)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <div class="who">
            {actor ? (
              <>
                <span class="user">{actor.displayName}</span>
                <span class="role">
                  {t(lang, `role.${actor.role}`)}
                  {props.orgName ? ` · ${props.orgName}` : ''}
                </span>
                <form method="post" action="/logout" class="inline">
                  <button type="submit" class="link">
                    {t(lang, 'nav.logout')}
                  </button>
                </form>
              </>
            ) : (
              <a href="/login">{t(lang, 'nav.login')}</a>
            )}
            <a class="lang" href={`/lang/${other}?back=${encodeURIComponent(props.path)}`} hreflang={other === 'zh' ? 'zh-CN' : 'en'}>
              {t(lang, 'lang.switch')}
            </a>
          </div>
        </header>
        <main id="main" class={props.wide ? 'wide' : undefined}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A form's error summary: the same messages the API returns, in the user's language. */
export function ErrorSummary(props: { lang: Lang; messages: string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <div class="errors" role="alert">
      <p>{t(props.lang, 'form.errors')}</p>
      <ul>
        {props.messages.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
    </div>
  );
}
