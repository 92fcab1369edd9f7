// Referral blocks on other pages: the clinician's home (what waits on us, what waits on them) and the child page.
import { AppError } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { listReferrals } from '../../server/referrals/inbox';
import { childReferrals } from '../../server/referrals/prefill';
import { t } from '../i18n';
import { addHomeSection } from '../home';
import { addChildPageSection } from '../children/sections';
import { Badges, EmergencyInstruction, ReferralTable, anyEmergency, centreName, reasonLabel, shanghaiTime } from './parts';

const HOME_ROWS = 5;

addHomeSection(['clinician'], 30, async (c) => {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const ctx = requestContext(c);
  const incoming = (await listReferrals(deps, ctx, { box: 'incoming', status: 'open', limit: 100 })).items.filter((r) => r.actions.length > 0);
  const outgoing = (await listReferrals(deps, ctx, { box: 'outgoing', status: 'open', limit: 100 })).items;
  if (incoming.length === 0 && outgoing.length === 0) return null;
  return (
    <section class="card">
      <h2>{t(lang, 'referrals.title')}</h2>
      {incoming.length ? (
        <>
          <h3>
            {t(lang, 'referrals.home.incoming')} ({incoming.length})
          </h3>
          <ReferralTable lang={lang} referrals={incoming.slice(0, HOME_ROWS)} />
          <p>
            <a href="/referrals?box=incoming&status=open">{t(lang, 'referrals.home.seeAll')}</a>
          </p>
        </>
      ) : null}
      {outgoing.length ? (
        <>
          <h3>
            {t(lang, 'referrals.home.outgoing')} ({outgoing.length})
          </h3>
          <ReferralTable lang={lang} referrals={outgoing.slice(0, HOME_ROWS)} />
          <p>
            <a href="/referrals?box=outgoing&status=open">{t(lang, 'referrals.home.seeAll')}</a>
          </p>
        </>
      ) : null}
    </section>
  );
});

addChildPageSection(40, async (c, actor, childId) => {
  if (actor.role !== 'clinician' && actor.role !== 'admin') return null;
  const lang = c.get('lang');
  let block: Awaited<ReturnType<typeof childReferrals>>;
  try {
    block = await childReferrals(c.get('deps'), requestContext(c), childId);
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.status === 403)) return null;
    throw err;
  }
  const { referrals, suggestion, canReferUp } = block;
  return (
    <section class="card">
      <h2>{t(lang, 'referrals.child.title')}</h2>
      {suggestion ? (
        <p class="notice">
          {t(lang, 'referrals.child.suggested', { criteria: suggestion.criteria.map((code) => reasonLabel(lang, code)).join(t(lang, 'list.sep')) })}{' '}
          <a class="button" href={`/referrals/new?childId=${childId}&direction=up&reasons=${suggestion.criteria.join(',')}`}>
            {t(lang, 'referrals.child.referUp')}
          </a>
        </p>
      ) : null}
      {anyEmergency(referrals) ? <EmergencyInstruction lang={lang} /> : null}
      {referrals.length === 0 ? (
        <p class="muted">{t(lang, 'referrals.child.none')}</p>
      ) : (
        <ul>
          {referrals.map((r) => (
            <li>
              <a href={`/referrals/${r.id}`}>
                {t(lang, `referrals.direction.${r.direction}`)} · {t(lang, 'referrals.fromTo', { from: centreName(lang, r.fromCenter), to: centreName(lang, r.toCenter) })}
              </a>{' '}
              <span class="muted">{shanghaiTime(r.createdAt)}</span> <Badges lang={lang} referral={r} />
              {r.status === 'completed' && r.outcome ? (
                <div>
                  {t(lang, 'referrals.outcome')}: {r.outcome}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canReferUp && !suggestion ? (
        <p>
          <a class="button secondary" href={`/referrals/new?childId=${childId}&direction=up`}>
            {t(lang, 'referrals.child.newUp')}
          </a>
        </p>
      ) : null}
    </section>
  );
});
