// Pieces the referral pages share: times in Shanghai, names in the user's language, badges, the list table.
import type { Lang } from '../../server/context';
import type { ErrorDetail } from '../../server/errors';
import { referralReason } from '../../server/referrals/rules';
import type { CentreRef, ReferralView } from '../../server/referrals/views';
import { t } from '../i18n';

/** An instant as a Shanghai wall-clock time (UTC+8, no daylight saving). */
export const shanghaiTime = (iso: string): string => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export const centreName = (lang: Lang, c: CentreRef): string => (lang === 'en' ? c.nameEn : c.name);

export const reasonLabel = (lang: Lang, code: string): string => {
  const reason = referralReason(code);
  return reason ? `${code} ${reason.label[lang]}` : code;
};

/**
 * What an emergency referral says wherever it is shown (clinical safety rules 8.5): the child goes to
 * the emergency department now, by 120 if any danger sign; the referral only tells the hospital.
 * `alert` on the one referral's page; a list shows it once, above the rows, without interrupting.
 */
export function EmergencyInstruction(props: { lang: Lang; alert?: boolean }) {
  const { lang } = props;
  return (
    <p class="errors emergency" role={props.alert ? 'alert' : undefined}>
      <strong>{t(lang, 'referrals.emergency.title')}</strong> {t(lang, 'referrals.emergency.instruction')}
    </p>
  );
}

export const anyEmergency = (referrals: readonly ReferralView[]): boolean => referrals.some((r) => r.urgency === 'emergency');

export function Badges(props: { lang: Lang; referral: ReferralView }) {
  const { lang, referral: r } = props;
  return (
    <>
      <span class="badge">{t(lang, `referrals.status.${r.status}`)}</span> {r.urgency !== 'routine' ? <span class="badge urgent">{t(lang, `referrals.urgency.${r.urgency}`)}</span> : null}{' '}
      {r.overdue ? <span class="badge overdue">{t(lang, 'referrals.overdue')}</span> : null}
      {r.startOverdue ? <span class="badge overdue">{t(lang, 'referrals.startOverdue')}</span> : null}
    </>
  );
}

export function ReferralTable(props: { lang: Lang; referrals: ReferralView[] }) {
  const { lang } = props;
  if (props.referrals.length === 0) return <p class="muted">{t(lang, 'referrals.empty')}</p>;
  return (
    <>
      {anyEmergency(props.referrals) ? <EmergencyInstruction lang={lang} /> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t(lang, 'referrals.col.child')}</th>
              <th>{t(lang, 'referrals.col.direction')}</th>
              <th>{t(lang, 'referrals.col.route')}</th>
              <th>{t(lang, 'referrals.col.reasons')}</th>
              <th>{t(lang, 'referrals.col.status')}</th>
              <th>{t(lang, 'referrals.col.created')}</th>
              <th>{t(lang, 'referrals.col.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {props.referrals.map((r) => (
              <tr>
                <td>
                  <a href={`/referrals/${r.id}`}>{r.child.name || t(lang, 'referrals.view')}</a>
                </td>
                <td>{t(lang, `referrals.direction.${r.direction}`)}</td>
                <td>{t(lang, 'referrals.fromTo', { from: centreName(lang, r.fromCenter), to: centreName(lang, r.toCenter) })}</td>
                <td>{r.reasons.map((code) => reasonLabel(lang, code)).join(t(lang, 'list.sep'))}</td>
                <td>
                  <Badges lang={lang} referral={r} />
                </td>
                <td>{shanghaiTime(r.createdAt)}</td>
                <td>{r.status === 'requested' ? shanghaiTime(r.responseDeadline) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const FIELD_KEYS: Record<string, string> = {
  childId: 'referrals.v.childId',
  direction: 'referrals.v.direction',
  toCenterId: 'referrals.v.toCenterId',
  urgency: 'referrals.v.urgency',
  reasons: 'referrals.v.reasons',
  summary: 'referrals.v.summary',
  carePlan: 'referrals.v.carePlan',
  'carePlan.controller': 'referrals.v.controller',
  'carePlan.dose': 'referrals.v.dose',
  'carePlan.ginaStep': 'referrals.v.ginaStep',
  'carePlan.actionPlanGiven': 'referrals.v.actionPlanGiven',
  'carePlan.nextReviewDate': 'referrals.v.nextReviewDate',
  previousReferralId: 'referrals.v.previous',
  'phoneHandover.to': 'referrals.v.handoverTo',
  reason: 'referrals.v.reason',
  outcome: 'referrals.v.outcome',
  appointmentDate: 'referrals.v.appointmentDate',
};

/**
 * Problems keyed by form field, in the user's language. The rules speak English (they serve the
 * API), so the page says each field's problem in its own words; 'reasons.2' belongs to 'reasons'.
 * A message the referral rules word themselves ('v.referrals.…') is shown as it is; a field without
 * words of its own shows its message, translated if it names a key ('v.…').
 */
export function fieldMessages(lang: Lang, details: readonly ErrorDetail[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of details) {
    const field = /^reasons\.\d+$/.test(d.path) ? 'reasons' : d.path;
    const own = d.message.startsWith('v.referrals.') ? d.message : undefined;
    const key = own ?? FIELD_KEYS[field] ?? (d.message.startsWith('v.') ? d.message : undefined);
    out[field] ??= key ? t(lang, key) : d.message;
  }
  return out;
}

export function FieldError(props: { message: string | undefined; id: string }) {
  return props.message ? (
    <p class="field-error" id={`${props.id}-error`}>
      {props.message}
    </p>
  ) : null;
}

/** Free text with its line breaks kept (the CSP allows no inline styles, so no pre-wrap). */
export function Lines(props: { text: string }) {
  const lines = props.text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, i) =>
        i === 0 ? (
          line
        ) : (
          <>
            <br />
            {line}
          </>
        ),
      )}
    </>
  );
}
