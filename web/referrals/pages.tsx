// Two-way referral pages: the inboxes, the new-referral form and the referral page.
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { notFound } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { listReferrals } from '../../server/referrals/inbox';
import { referralFormOptions } from '../../server/referrals/prefill';
import { REFERRAL_ACTIONS, REFERRAL_STATUSES, type ReferralAction } from '../../server/referrals/rules';
import { referralListQuery, referralParams } from '../../server/referrals/schemas';
import { getReferral } from '../../server/referrals/service';
import { t } from '../i18n';
import { addNav } from '../layout';
import { pageActor, render, type PageContext } from '../render';
import { renderReferralPage, submitReferralAction } from './detail';
import { initialValues, renderReferralForm, submitReferralForm } from './form';
import { ReferralTable } from './parts';
import './sections';

addNav('referrals.read', { href: '/referrals', key: 'nav.referrals' });

const STATUS_CHOICES = ['', 'open', ...REFERRAL_STATUSES] as const;

async function inboxPage(c: PageContext): Promise<Response> {
  const actor = pageActor(c, 'referrals.read');
  if (actor instanceof Response) return actor;
  const lang = c.get('lang');
  const parsed = validate(referralListQuery, { box: c.req.query('box') || undefined, status: c.req.query('status') || undefined, cursor: c.req.query('cursor') || undefined }, lang);
  const query = parsed.ok ? parsed.data : { limit: 50 };
  // A clinician always looks at one box; incoming is where the work is.
  const box = actor.role === 'clinician' ? (query.box ?? 'incoming') : query.box;
  const page = await listReferrals(c.get('deps'), requestContext(c), { ...query, box, limit: 50 });
  const status = query.status ?? '';
  const tab = (which: 'incoming' | 'outgoing') => (
    <a class={box === which ? 'button' : 'button secondary'} href={`/referrals?box=${which}`} aria-current={box === which ? 'page' : undefined}>
      {t(lang, `referrals.${which}`)}
    </a>
  );
  const next = page.nextCursor ? `/referrals?${new URLSearchParams({ ...(box ? { box } : {}), ...(status ? { status } : {}), cursor: page.nextCursor })}` : null;
  return render(
    c,
    t(lang, 'referrals.title'),
    <>
      <h1>{t(lang, 'referrals.title')}</h1>
      <p>
        {actor.role === 'clinician' ? (
          <>
            {tab('incoming')} {tab('outgoing')}{' '}
            <a class="button secondary" href="/referrals/new">
              {t(lang, 'referrals.new')}
            </a>
          </>
        ) : (
          <strong>{t(lang, 'referrals.all')}</strong>
        )}
      </p>
      <form method="get" action="/referrals" class="card">
        {box ? <input type="hidden" name="box" value={box} /> : null}
        <label for="status">{t(lang, 'referrals.filter.status')}</label>
        <select id="status" name="status">
          {STATUS_CHOICES.map((s) => (
            <option value={s} selected={s === status}>
              {s === '' ? t(lang, 'referrals.status.any') : t(lang, `referrals.status.${s}`)}
            </option>
          ))}
        </select>{' '}
        <button type="submit">{t(lang, 'referrals.filter.apply')}</button>
      </form>
      <ReferralTable lang={lang} referrals={page.items} />
      {next ? (
        <p class="pager">
          <a href={next}>{t(lang, 'common.next')}</a>
        </p>
      ) : null}
    </>,
    { wide: true },
  );
}

const referralId = (c: PageContext): string => {
  const parsed = referralParams.safeParse({ id: c.req.param('id') });
  if (!parsed.success) throw notFound();
  return parsed.data.id;
};

export function registerReferralPages(app: Hono<AppEnv>): void {
  app.get('/referrals', inboxPage);

  app.get('/referrals/new', async (c) => {
    const actor = pageActor(c, 'referrals.write');
    if (actor instanceof Response) return actor;
    const childId = c.req.query('childId');
    const options = await referralFormOptions(c.get('deps'), requestContext(c), childId && referralParams.safeParse({ id: childId }).success ? childId : undefined);
    if (childId && !options.child) throw notFound();
    return renderReferralForm(c, options, initialValues(c, options), {});
  });
  app.post('/referrals/new', async (c) => {
    const actor = pageActor(c, 'referrals.write');
    if (actor instanceof Response) return actor;
    return submitReferralForm(c);
  });

  app.get('/referrals/:id', async (c) => {
    const actor = pageActor(c, 'referrals.read');
    if (actor instanceof Response) return actor;
    return renderReferralPage(c, actor, await getReferral(c.get('deps'), requestContext(c), referralId(c)), null);
  });
  app.post('/referrals/:id/:action', async (c) => {
    const actor = pageActor(c, 'referrals.write');
    if (actor instanceof Response) return actor;
    const action = c.req.param('action');
    if (!(REFERRAL_ACTIONS as readonly string[]).includes(action)) throw notFound();
    return submitReferralAction(c, actor, referralId(c), action as ReferralAction);
  });
}
