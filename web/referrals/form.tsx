// The new-referral form: choose the child (a GET step), then reasons, urgency, note and, up, the phone
// handover an emergency needs or, down, the care plan. Works without JavaScript; a failing post
// re-renders with what was typed and a message by each field.
import type { Lang } from '../../server/context';
import { AppError } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { REFERRAL_REASONS, referralUrgency, type ReasonGroup, type ReferralUrgency } from '../../server/referrals/rules';
import { referralCreateBody } from '../../server/referrals/schemas';
import { createReferral } from '../../server/referrals/service';
import { referralFormOptions, type ReferralFormOptions } from '../../server/referrals/prefill';
import { responseLimits, type ClinicalSummary } from '../../server/referrals/views';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { readForm, render, type PageContext } from '../render';
import { EmergencyInstruction, FieldError, centreName, fieldMessages } from './parts';

export interface ReferralFormValues {
  childId: string;
  toCenterId: string;
  urgency: string;
  reasons: string[];
  summary: string;
  controller: string;
  dose: string;
  ginaStep: string;
  actionPlanGiven: boolean;
  nextReviewDate: string;
  previousReferralId: string;
  /** The phone handover: who at the hospital was told, and when (Shanghai wall-clock time as typed). */
  handoverTo: string;
  handoverAt: string;
}

const GROUPS: Record<'up' | 'down', ReasonGroup[]> = { up: ['up-emergency', 'up-routine'], down: ['down'] };
/** An emergency goes up only (rules/reasons.ts). */
const URGENCIES: Record<'up' | 'down', ReferralUrgency[]> = { up: ['routine', 'urgent', 'emergency'], down: ['routine', 'urgent'] };

/** Values for a fresh form: ?childId, ?reasons=U5,U6 (the one-click "refer up") and ?previous. */
export function initialValues(c: PageContext, options: ReferralFormOptions): ReferralFormValues {
  const wanted = (c.req.query('reasons') ?? '').split(',').map((s) => s.trim());
  const reasons = REFERRAL_REASONS.filter((r) => r.direction === options.direction && wanted.includes(r.code)).map((r) => r.code);
  const defaultTarget = options.direction === 'down' ? options.targets.find((x) => x.id === options.child?.centerId)?.id : options.targets.length === 1 ? options.targets[0]!.id : undefined;
  return {
    childId: options.child?.id ?? '',
    toCenterId: defaultTarget ?? '',
    urgency: referralUrgency('routine', reasons),
    reasons,
    summary: '',
    controller: '',
    dose: '',
    ginaStep: '',
    actionPlanGiven: false,
    nextReviewDate: '',
    previousReferralId: c.req.query('previous') ?? '',
    // Never pre-filled: the referrer types who took the call once the call has been made.
    handoverTo: '',
    handoverAt: '',
  };
}

const text = (form: Record<string, string | string[]>, name: string): string => {
  const v = form[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
};

export function valuesFromForm(form: Record<string, string | string[]>): ReferralFormValues {
  const reasons = form.reasons;
  return {
    childId: text(form, 'childId'),
    toCenterId: text(form, 'toCenterId'),
    urgency: text(form, 'urgency'),
    reasons: Array.isArray(reasons) ? reasons : reasons ? [reasons] : [],
    summary: text(form, 'summary'),
    controller: text(form, 'controller'),
    dose: text(form, 'dose'),
    ginaStep: text(form, 'ginaStep'),
    actionPlanGiven: text(form, 'actionPlanGiven') !== '',
    nextReviewDate: text(form, 'nextReviewDate'),
    previousReferralId: text(form, 'previousReferralId'),
    handoverTo: text(form, 'handoverTo'),
    handoverAt: text(form, 'handoverAt'),
  };
}

/**
 * A datetime-local value (or the same typed with a space, with or without seconds) is Shanghai
 * wall-clock time: given its offset here. Anything else goes on as typed, for the schema to refuse.
 */
export function shanghaiInstant(typed: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(typed.trim());
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00` : typed;
}

function bodyOf(v: ReferralFormValues, direction: 'up' | 'down') {
  return {
    childId: v.childId,
    direction,
    toCenterId: v.toCenterId,
    urgency: v.urgency,
    reasons: v.reasons,
    summary: v.summary,
    carePlan: direction === 'down' ? { controller: v.controller, dose: v.dose, ginaStep: v.ginaStep === '' ? undefined : Number(v.ginaStep), actionPlanGiven: v.actionPlanGiven, nextReviewDate: v.nextReviewDate } : undefined,
    // Up only; left out when both fields are empty, so that the schema says an emergency needs it.
    phoneHandover: direction === 'up' && (v.handoverTo.trim() || v.handoverAt.trim()) ? { to: v.handoverTo, at: shanghaiInstant(v.handoverAt) } : undefined,
    previousReferralId: v.previousReferralId || undefined,
  };
}

/** POST /referrals/new: create, then go to the referral; or show the form again with the problems. */
export async function submitReferralForm(c: PageContext): Promise<Response> {
  const lang = c.get('lang');
  const values = valuesFromForm(await readForm(c));
  const options = await referralFormOptions(c.get('deps'), requestContext(c), values.childId || undefined);
  const checked = validate(referralCreateBody, bodyOf(values, options.direction), lang);
  if (!checked.ok) return renderReferralForm(c, options, values, fieldMessages(lang, checked.details), 400);
  try {
    const created = await createReferral(c.get('deps'), requestContext(c), checked.data);
    return c.redirect(`/referrals/${created.id}?done=create`, 303);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'validation_failed') return renderReferralForm(c, options, values, fieldMessages(lang, err.details), 400);
    if (err.code === 'conflict') return renderReferralForm(c, options, values, { childId: t(lang, 'referrals.err.openExists') }, 409);
    throw err;
  }
}

export function ClinicalFacts(props: { lang: Lang; summary: ClinicalSummary | null }) {
  const { lang, summary: s } = props;
  if (!s) return <p class="muted">{t(lang, 'referrals.clinical.none')}</p>;
  return (
    <dl class="facts">
      <dt>{t(lang, 'referrals.clinical.date')}</dt>
      <dd>{s.followUpDate}</dd>
      <dt>{t(lang, 'referrals.clinical.score')}</dt>
      <dd>{s.score === null ? '—' : `${s.instrument ?? ''} ${s.score}`}</dd>
      <dt>{t(lang, 'referrals.clinical.ginaLevel')}</dt>
      <dd>{s.ginaLevel ? <span class={`badge ${s.ginaLevel}`}>{t(lang, `referrals.gina.${s.ginaLevel}`)}</span> : '—'}</dd>
      <dt>{t(lang, 'referrals.clinical.ginaStep')}</dt>
      <dd>{s.ginaStep ?? '—'}</dd>
      <dt>{t(lang, 'referrals.clinical.exacerbations')}</dt>
      <dd>{t(lang, 'referrals.clinical.exacerbationCounts', { ocs: s.exacerbations.ocsCourses, ed: s.exacerbations.edVisits, adm: s.exacerbations.admissions })}</dd>
    </dl>
  );
}

const invalid = (errors: Record<string, string>, field: string) => (errors[field] ? { 'aria-invalid': 'true', 'aria-describedby': `${field.replace('.', '-')}-error` } : {});

export function renderReferralForm(c: PageContext, options: ReferralFormOptions, v: ReferralFormValues, errors: Record<string, string>, status = 200) {
  const lang = c.get('lang');
  const limits = responseLimits(c.get('deps').config);
  const title = t(lang, options.direction === 'up' ? 'referrals.newUp' : 'referrals.newDown');
  if (!options.child) {
    return render(
      c,
      title,
      <section class="card">
        <h1>{title}</h1>
        <ErrorSummary lang={lang} messages={Object.values(errors)} />
        {options.children.length === 0 ? (
          <p class="muted">{t(lang, 'referrals.field.noChildren')}</p>
        ) : (
          <form method="get" action="/referrals/new">
            <label for="childId">{t(lang, 'referrals.field.child')}</label>
            <select id="childId" name="childId" required {...invalid(errors, 'childId')}>
              <option value="">{t(lang, 'referrals.field.chooseChild')}</option>
              {options.children.map((ch) => (
                <option value={ch.id} selected={ch.id === v.childId}>{`${ch.name}（${ch.birthDate}）`}</option>
              ))}
            </select>
            <FieldError id="childId" message={errors.childId} />
            <p>
              <button type="submit">{t(lang, 'referrals.field.choose')}</button>
            </p>
          </form>
        )}
      </section>,
      { status },
    );
  }
  const child = options.child;
  return render(
    c,
    title,
    <>
      <h1>{title}</h1>
      <ErrorSummary lang={lang} messages={Object.values(errors)} />
      <section class="card">
        <h2>{t(lang, 'referrals.clinical')}</h2>
        <p>
          <a href={`/children/${child.id}`}>{child.name}</a> <span class="muted">{child.birthDate}</span>
        </p>
        <FieldError id="childId" message={errors.childId} />
        <p class="muted">{t(lang, 'referrals.clinical.prefilled')}</p>
        <ClinicalFacts lang={lang} summary={options.clinicalSummary} />
      </section>
      <form method="post" action="/referrals/new" class="card">
        <p class="muted">{t(lang, 'form.requiredNote')}</p>
        <input type="hidden" name="childId" value={child.id} />
        {v.previousReferralId ? (
          <p class="notice">
            <input type="hidden" name="previousReferralId" value={v.previousReferralId} />
            {t(lang, 'referrals.field.previous')}: <a href={`/referrals/${v.previousReferralId}`}>{t(lang, 'referrals.view')}</a>
          </p>
        ) : null}
        <FieldError id="previousReferralId" message={errors.previousReferralId} />
        <FieldError id="direction" message={errors.direction} />

        <label for="toCenterId">{t(lang, 'referrals.field.toCenter')} *</label>
        <select id="toCenterId" name="toCenterId" required {...invalid(errors, 'toCenterId')}>
          <option value="">{t(lang, 'referrals.field.choose')}</option>
          {options.targets.map((x) => (
            <option value={x.id} selected={x.id === v.toCenterId}>
              {centreName(lang, x)}
            </option>
          ))}
        </select>
        <FieldError id="toCenterId" message={errors.toCenterId} />

        <fieldset>
          <legend>{t(lang, 'referrals.field.urgency')} *</legend>
          {URGENCIES[options.direction].map((u) => (
            <label class="check">
              <input type="radio" name="urgency" value={u} checked={v.urgency === u} /> {t(lang, `referrals.urgency.${u}`)}
            </label>
          ))}
          <p class="muted">{t(lang, 'referrals.field.urgencyHint', { emergency: limits.emergencyHours, urgent: limits.urgentHours, routine: limits.routineHours })}</p>
          <FieldError id="urgency" message={errors.urgency} />
        </fieldset>

        <fieldset {...invalid(errors, 'reasons')}>
          <legend>{t(lang, 'referrals.field.reasons')} *</legend>
          {GROUPS[options.direction].map((group) => (
            <>
              <p class="muted">{t(lang, `referrals.group.${group}`)}</p>
              {REFERRAL_REASONS.filter((r) => r.group === group).map((r) => (
                <label class="check">
                  <input type="checkbox" name="reasons" value={r.code} checked={v.reasons.includes(r.code)} /> {r.code} {r.label[lang]}
                </label>
              ))}
            </>
          ))}
          <FieldError id="reasons" message={errors.reasons} />
        </fieldset>

        {options.direction === 'up' ? <HandoverFields lang={lang} v={v} errors={errors} /> : null}

        <label for="summary">{t(lang, 'referrals.field.summary')} *</label>
        <textarea id="summary" name="summary" required rows={4} maxlength={4000} {...invalid(errors, 'summary')}>
          {v.summary}
        </textarea>
        <p class="muted">{t(lang, 'referrals.field.summaryHint')}</p>
        <FieldError id="summary" message={errors.summary} />

        {options.direction === 'down' ? <CarePlanFields lang={lang} v={v} errors={errors} /> : null}

        <p>
          <button type="submit">{t(lang, 'referrals.submit')}</button>{' '}
          <a class="button secondary" href="/referrals">
            {t(lang, 'form.cancel')}
          </a>
        </p>
      </form>
    </>,
    { status },
  );
}

/**
 * The phone handover an emergency needs (U1-U3 ticked, or emergency chosen). Without JavaScript the
 * form cannot require it only then: it is always offered going up, marked required once the values
 * sent (or the one-click reasons) make an emergency, and the server checks it in any case.
 */
function HandoverFields(props: { lang: Lang; v: ReferralFormValues; errors: Record<string, string> }) {
  const { lang, v, errors } = props;
  const urgency = (['emergency', 'urgent', 'routine'] as const).find((u) => u === v.urgency) ?? 'routine';
  const required = referralUrgency(urgency, v.reasons) === 'emergency';
  const need = required ? { required: true, 'aria-required': 'true' as const } : {};
  return (
    <fieldset {...invalid(errors, 'phoneHandover')}>
      <legend>{t(lang, 'referrals.field.handover')}</legend>
      <p class="muted">{t(lang, 'referrals.field.handoverHint')}</p>
      <EmergencyInstruction lang={lang} />
      <FieldError id="phoneHandover" message={errors.phoneHandover} />
      <label for="handoverTo">{t(lang, 'referrals.field.handoverTo')}</label>
      <input id="handoverTo" name="handoverTo" maxlength={100} value={v.handoverTo} {...need} {...invalid(errors, 'phoneHandover.to')} />
      <FieldError id="phoneHandover-to" message={errors['phoneHandover.to']} />
      <label for="handoverAt">{t(lang, 'referrals.field.handoverAt')}</label>
      <input id="handoverAt" name="handoverAt" type="datetime-local" value={v.handoverAt} {...need} {...invalid(errors, 'phoneHandover.at')} />
      <FieldError id="phoneHandover-at" message={errors['phoneHandover.at']} />
    </fieldset>
  );
}

function CarePlanFields(props: { lang: Lang; v: ReferralFormValues; errors: Record<string, string> }) {
  const { lang, v, errors } = props;
  return (
    <fieldset>
      <legend>{t(lang, 'referrals.carePlan')}</legend>
      <FieldError id="carePlan" message={errors.carePlan} />
      <label for="controller">{t(lang, 'referrals.carePlan.controller')} *</label>
      <input id="controller" name="controller" required value={v.controller} {...invalid(errors, 'carePlan.controller')} />
      <FieldError id="carePlan-controller" message={errors['carePlan.controller']} />
      <label for="dose">{t(lang, 'referrals.carePlan.dose')} *</label>
      <input id="dose" name="dose" required value={v.dose} {...invalid(errors, 'carePlan.dose')} />
      <FieldError id="carePlan-dose" message={errors['carePlan.dose']} />
      <label for="ginaStep">{t(lang, 'referrals.carePlan.ginaStep')} *</label>
      <select id="ginaStep" name="ginaStep" required {...invalid(errors, 'carePlan.ginaStep')}>
        <option value="">{t(lang, 'referrals.field.choose')}</option>
        {['1', '2', '3', '4', '5'].map((s) => (
          <option value={s} selected={v.ginaStep === s}>
            {s}
          </option>
        ))}
      </select>
      <FieldError id="carePlan-ginaStep" message={errors['carePlan.ginaStep']} />
      <label class="check">
        <input type="checkbox" name="actionPlanGiven" value="yes" checked={v.actionPlanGiven} /> {t(lang, 'referrals.carePlan.actionPlanGiven')}
      </label>
      <label for="nextReviewDate">{t(lang, 'referrals.carePlan.nextReviewDate')} *</label>
      <input id="nextReviewDate" name="nextReviewDate" type="date" required value={v.nextReviewDate} {...invalid(errors, 'carePlan.nextReviewDate')} />
      <FieldError id="carePlan-nextReviewDate" message={errors['carePlan.nextReviewDate']} />
    </fieldset>
  );
}
