// "Notifications on this phone": turns Web Push on or off for the phone in hand. What the phone
// receives (which messages, from which level, quiet hours) is the parent's choice per child on
// "How we reach you", the same choices WeChat and SMS follow. Needs JavaScript: without it the
// page says so rather than pretend.
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { t } from '../i18n';
import { pageActor, render, type PageContext } from '../render';
import { CHANNELS_PATH } from './notification-pages';
import { APP_SCRIPTS, AppHead } from './parts';

export const PUSH_PATH = '/app/notifications';

function pushPage(c: PageContext, posted: boolean) {
  const lang = c.get('lang');
  return render(
    c,
    t(lang, 'app.notifications'),
    <>
      <h1>{t(lang, 'app.notifications')}</h1>
      <p>{t(lang, 'push.intro')}</p>
      <p class="notice">{t(lang, 'notify.page.safety')}</p>
      {posted ? (
        <p class="notice" role="status">
          {t(lang, 'push.needsJs')}
        </p>
      ) : null}
      <p id="push-unsupported" class="notice" hidden>
        {t(lang, 'push.unsupported')}
      </p>
      <p id="push-status" class="notice" role="status" aria-live="polite" hidden></p>
      <form id="push-form" method="post" action={PUSH_PATH} class="card" data-saved={t(lang, 'push.saved')} data-denied={t(lang, 'push.denied')} data-failed={t(lang, 'push.failed')} data-off={t(lang, 'push.offDone')}>
        <p>
          <button type="submit">{t(lang, 'push.turnOn')}</button>{' '}
          <button type="button" class="secondary" id="push-off" hidden>
            {t(lang, 'push.turnOff')}
          </button>
        </p>
      </form>
      <p>
        <a href={CHANNELS_PATH}>{t(lang, 'push.choicesLink')}</a>
      </p>
      <p class="muted">{t(lang, 'push.iosHint')}</p>
    </>,
    { scripts: [...APP_SCRIPTS, '/static/app/push.js'], head: <AppHead lang={lang} /> },
  );
}

export function registerPushPage(app: Hono<AppEnv>): void {
  app.get(PUSH_PATH, async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    return pushPage(c, false);
  });
  app.post(PUSH_PATH, async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    return pushPage(c, true);
  });
}
