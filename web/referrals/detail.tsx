// The referral page: summary, care plan, outcome, the history as a timeline and only the actions
// the caller may take, each a small form. A refused move shows the page again with the message.
import type { Actor, Lang } from '../../server/context';
import { AppError } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { REFERRAL_TRANSITIONS, type ReferralAction } from '../../server/referrals/rules';
import { getReferral, moveReferral, type ReferralDetail } from '../../server/referrals/service';
import { appointmentBody } from '../../server/referrals/schemas';
import { validate } from '../../server/http/validation';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { readForm, render, type PageContext } from '../render';
import { ClinicalFacts } from './form';
import { Badges, EmergencyInstruction, FieldError, Lines, centreName, fieldMessages, reasonLabel, shanghaiTime } from './parts';

export interface ActionAttempt {
  action: ReferralAction;
  reason: string;
  outcome: string;
  appointmentDate: string;
  appointmentTime: string;
  errors: Record<string, string>;
}

const requires = (action: ReferralAction) => REFERRAL_TRANSITIONS.find((x) => x.action === action)?.requires;

function ActionForm(props: { lang: Lang; id: string; action: ReferralAction; attempt: ActionAttempt | null }) {
  const { lang, id, action } = props;
  const attempt = props.attempt?.action === action ? props.attempt : null;
  const needs = requires(action);
  const field = needs === 'outcome' ? 'outcome' : 'reason';
  const label = needs === 'outcome' ? 'referrals.action.outcome' : needs === 'reason' ? 'referrals.action.reason' : 'referrals.action.note';
  const fieldId = `${action}-${field}`;
  const error = attempt?.errors[field];
  const value = attempt ? (field === 'outcome' ? attempt.outcome : attempt.reason) : '';
  return (
    <form method="post" action={`/referrals/${id}/${action}`} class="card">
      {action === 'accept' ? (
        <AppointmentFields lang={lang} attempt={attempt} />
      ) : (
        <>
          <label for={fieldId}>{t(lang, label)}</label>
          <textarea id={fieldId} name={field} rows={2} maxlength={2000} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${fieldId}-error` : undefined}>
            {value}
          </textarea>
          <FieldError id={fieldId} message={error} />
        </>
      )}
      {action === 'fail' ? (
        // Recording a missed visit ends the referral for good: a box to tick, named if left empty.
        <>
          <label class="check" for="fail-confirm">
            <input id="fail-confirm" type="checkbox" name="confirm" value="yes" required aria-invalid={attempt?.errors.confirm ? 'true' : undefined} aria-describedby={attempt?.errors.confirm ? 'fail-confirm-error' : undefined} />{' '}
            {t(lang, 'referrals.fail.confirm')}
          </label>
          <FieldError id="fail-confirm" message={attempt?.errors.confirm} />
        </>
      ) : null}
      <p>
        <button type="submit" class={action === 'cancel' || action === 'reject' || action === 'fail' ? 'secondary' : undefined}>
          {t(lang, `referrals.action.${action}`)}
        </button>
      </p>
    </form>
  );
}

/** Accepting can book the visit: a date and, when known, a time (both optional). */
function AppointmentFields(props: { lang: Lang; attempt: ActionAttempt | null }) {
  const { lang, attempt } = props;
  const field = (name: 'appointmentDate' | 'appointmentTime', type: string) => {
    const error = attempt?.errors[name];
    return (
      <div class="field">
        <label for={`accept-${name}`}>{t(lang, name === 'appointmentDate' ? 'referrals.appointment.date' : 'referrals.appointment.time')}</label>
        <input id={`accept-${name}`} name={name} type={type} value={attempt?.[name] ?? ''} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `accept-${name}-error` : undefined} />
        <FieldError id={`accept-${name}`} message={error} />
      </div>
    );
  };
  return (
    <>
      <p class="muted">{t(lang, 'referrals.appointment.hint')}</p>
      <div class="grid">
        {field('appointmentDate', 'date')}
        {field('appointmentTime', 'time')}
      </div>
    </>
  );
}

export function renderReferralPage(c: PageContext, actor: Actor, r: ReferralDetail, attempt: ActionAttempt | null, problems: string[] = [], status = 200) {
  const lang = c.get('lang');
  const done = c.req.query('done');
  const title = `${t(lang, 'referrals.detail.title')} · ${r.child.name}`;
  const isReferrer = actor.centerId === r.fromCenter.id;
  const isReceiver = actor.centerId === r.toCenter.id;
  const terminal = ['rejected', 'cancelled', 'failed', 'completed'].includes(r.status);
  return render(
    c,
    title,
    <>
      <h1>{title}</h1>
      {r.urgency === 'emergency' ? <EmergencyInstruction lang={lang} alert /> : null}
      {done && !attempt ? (
        <p class="notice" role="status">
          {t(lang, `referrals.done.${done}`)}
        </p>
      ) : null}
      {isReceiver && r.direction === 'up' && r.status === 'completed' && r.nextReferralIds.length === 0 ? (
        // Completing and then referring down is the natural order of a two-way referral.
        <p class="card">
          <a class="button" href={`/referrals/new?childId=${r.child.id}&previous=${r.id}`}>
            {t(lang, 'referrals.referBackDown')}
          </a>{' '}
          <span class="muted">{t(lang, 'referrals.referBackDownHint')}</span>
        </p>
      ) : null}
      <ErrorSummary lang={lang} messages={[...problems, ...Object.values(attempt?.errors ?? {})]} />
      <div class="grid">
        <section class="card">
          <p>
            <Badges lang={lang} referral={r} />
          </p>
          <dl class="facts">
            <dt>{t(lang, 'referrals.col.child')}</dt>
            <dd>
              <a href={`/children/${r.child.id}`}>{r.child.name}</a> <span class="muted">{r.child.birthDate}</span>
            </dd>
            <dt>{t(lang, 'referrals.col.direction')}</dt>
            <dd>{t(lang, `referrals.direction.${r.direction}`)}</dd>
            <dt>{t(lang, 'referrals.col.route')}</dt>
            <dd>{t(lang, 'referrals.fromTo', { from: centreName(lang, r.fromCenter), to: centreName(lang, r.toCenter) })}</dd>
            <dt>{t(lang, 'referrals.col.urgency')}</dt>
            <dd>{t(lang, `referrals.urgency.${r.urgency}`)}</dd>
            {r.phoneHandover ? (
              <>
                <dt>{t(lang, 'referrals.handover')}</dt>
                <dd>{t(lang, 'referrals.handover.value', { to: r.phoneHandover.to, at: shanghaiTime(r.phoneHandover.at) })}</dd>
              </>
            ) : null}
            <dt>{t(lang, 'referrals.col.created')}</dt>
            <dd>{shanghaiTime(r.createdAt)}</dd>
            {r.appointment ? (
              <>
                <dt>{t(lang, 'referrals.appointment')}</dt>
                <dd>
                  {r.appointment.date}
                  {r.appointment.time ? ` ${r.appointment.time}` : ''}
                </dd>
              </>
            ) : null}
            {r.status === 'requested' ? (
              <>
                <dt>{t(lang, 'referrals.col.deadline')}</dt>
                <dd>{shanghaiTime(r.responseDeadline)}</dd>
              </>
            ) : null}
            <dt>{t(lang, 'referrals.col.reasons')}</dt>
            <dd>
              <ul>
                {r.reasons.map((code) => (
                  <li>{reasonLabel(lang, code)}</li>
                ))}
              </ul>
            </dd>
            {r.previousReferralId ? (
              <>
                <dt>{t(lang, 'referrals.previous')}</dt>
                <dd>
                  <a href={`/referrals/${r.previousReferralId}`}>{t(lang, 'referrals.view')}</a>
                </dd>
              </>
            ) : null}
            {r.nextReferralIds.length ? (
              <>
                <dt>{t(lang, 'referrals.next')}</dt>
                <dd>
                  {r.nextReferralIds.map((id) => (
                    <a href={`/referrals/${id}`}>{t(lang, 'referrals.view')} </a>
                  ))}
                </dd>
              </>
            ) : null}
          </dl>
          <h2>{t(lang, 'referrals.summary')}</h2>
          <p>
            <Lines text={r.summary} />
          </p>
          {r.outcome ? (
            <>
              <h2>{t(lang, 'referrals.outcome')}</h2>
              <p class="notice">
                <Lines text={r.outcome} />
              </p>
            </>
          ) : null}
        </section>
        <section class="card">
          <h2>{t(lang, 'referrals.clinical')}</h2>
          <ClinicalFacts lang={lang} summary={r.clinicalSummary} />
          {r.carePlan ? (
            <>
              <h2>{t(lang, 'referrals.carePlan')}</h2>
              <dl class="facts">
                <dt>{t(lang, 'referrals.carePlan.controller')}</dt>
                <dd>{r.carePlan.controller}</dd>
                <dt>{t(lang, 'referrals.carePlan.dose')}</dt>
                <dd>{r.carePlan.dose}</dd>
                <dt>{t(lang, 'referrals.carePlan.ginaStep')}</dt>
                <dd>{r.carePlan.ginaStep}</dd>
                <dt>{t(lang, 'referrals.carePlan.actionPlanGiven')}</dt>
                <dd>{t(lang, r.carePlan.actionPlanGiven ? 'common.yes' : 'common.no')}</dd>
                <dt>{t(lang, 'referrals.carePlan.nextReviewDate')}</dt>
                <dd>{r.carePlan.nextReviewDate}</dd>
              </dl>
            </>
          ) : null}
        </section>
      </div>
      <section class="card">
        <h2>{t(lang, 'referrals.timeline')}</h2>
        <ol>
          {r.history.map((h) => (
            <li>
              <strong>{h.from ? t(lang, 'referrals.timeline.entry', { from: t(lang, `referrals.status.${h.from}`), to: t(lang, `referrals.status.${h.to}`) }) : t(lang, 'referrals.timeline.created')}</strong>{' '}
              <span class="muted">
                {shanghaiTime(h.at)} · {t(lang, 'referrals.timeline.by', { name: h.byName || h.by })}
              </span>
              {h.reason ? <div>{t(lang, 'referrals.timeline.reason', { reason: h.reason })}</div> : null}
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h2>{t(lang, 'referrals.actions')}</h2>
        {r.actions.length ? (
          <div class="grid">
            {r.actions.map((a) => (
              <ActionForm lang={lang} id={r.id} action={a} attempt={attempt} />
            ))}
          </div>
        ) : (
          <p class="muted">{t(lang, 'referrals.actions.none')}</p>
        )}
        {isReceiver && r.direction === 'up' && ['accepted', 'in-progress'].includes(r.status) ? (
          <p>
            <a class="button secondary" href={`/referrals/new?childId=${r.child.id}&previous=${r.id}`}>
              {t(lang, 'referrals.referDown')}
            </a>
          </p>
        ) : null}
        {isReferrer && terminal && r.status !== 'completed' ? (
          <p>
            <a class="button secondary" href={`/referrals/new?childId=${r.child.id}&previous=${r.id}&reasons=${r.reasons.join(',')}`}>
              {t(lang, 'referrals.reRefer')}
            </a>
          </p>
        ) : null}
      </section>
    </>,
    { status, wide: true },
  );
}

/** POST /referrals/:id/:action from the page's forms. */
export async function submitReferralAction(c: PageContext, actor: Actor, id: string, action: ReferralAction): Promise<Response> {
  const lang = c.get('lang');
  const form = await readForm(c);
  const str = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  const attempt: ActionAttempt = { action, reason: str('reason'), outcome: str('outcome'), appointmentDate: str('appointmentDate').trim(), appointmentTime: str('appointmentTime').trim(), errors: {} };
  const deps = c.get('deps');
  try {
    if (action === 'fail' && str('confirm') !== 'yes') {
      attempt.errors = { confirm: t(lang, 'referrals.fail.confirmMissing') };
      return renderReferralPage(c, actor, await getReferral(deps, requestContext(c), id), attempt, [], 400);
    }
    const booked = validate(appointmentBody, { appointmentDate: attempt.appointmentDate || undefined, appointmentTime: attempt.appointmentTime || undefined }, lang);
    if (!booked.ok) {
      attempt.errors = Object.fromEntries(booked.details.map((d) => [d.path, d.message]));
      return renderReferralPage(c, actor, await getReferral(deps, requestContext(c), id), attempt, [], 400);
    }
    await moveReferral(deps, requestContext(c), id, action, { reason: attempt.reason, outcome: attempt.outcome, ...booked.data });
    return c.redirect(`/referrals/${id}?done=${action}`, 303);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'validation_failed') {
      attempt.errors = fieldMessages(lang, err.details);
      return renderReferralPage(c, actor, await getReferral(deps, requestContext(c), id), attempt, [], 400);
    }
    if (err.code === 'illegal_transition' || err.code === 'forbidden') {
      const message = err.code === 'forbidden' ? t(lang, 'referrals.err.forbidden', { side: t(lang, action === 'cancel' ? 'referrals.side.referring' : 'referrals.side.receiving') }) : t(lang, 'err.illegal_transition');
      return renderReferralPage(c, actor, await getReferral(deps, requestContext(c), id), null, [message], err.status);
    }
    throw err;
  }
}
