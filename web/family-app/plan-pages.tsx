// The clinician's action-plan form: a new version each save, prefilled from the plan in force
// (or the CCAAP wording for a first plan), optionally linked to the follow-up it is given at.
import type { Hono } from 'hono';
import type { AppEnv, Lang } from '../../server/context';
import { AppError } from '../../server/errors';
import type { ErrorDetail } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { today } from '../../server/clock';
import { childForPage } from '../../server/children/service';
import { listFollowUps } from '../../server/followups/service';
import { actionPlanSchema, MEDICINE_ROLES, STANDARD_RELIEVER_SCHEDULE, type ActionPlanContent, type RelieverSchedule } from '../../server/family-app/plan-schemas';
import { latestPlanRow, saveActionPlan } from '../../server/family-app/plans';
import { ZONES } from '../../server/family-app/plan-rules';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { errorsByPath, formNumber, formText, SelectField, TextField, type FieldErrors, type FormValues } from '../forms';
import { pageActor, readForm, render, type PageContext } from '../render';
import { followUpOn } from '../../server/followups/service';

const MED_ROWS = 3;
const CONTACT_ROWS = 3;
/** The red zone's four numbers (8.7), as form fields `red.schedule.<name>`. */
const SCHEDULE_FIELDS = ['puffs', 'everyMinutes', 'maxPuffs', 'repeatAfterMinutes'] as const satisfies readonly (keyof RelieverSchedule)[];

const scheduleValues = (s: RelieverSchedule): FormValues => Object.fromEntries(SCHEDULE_FIELDS.map((f) => [`red.schedule.${f}`, String(s[f])]));

function TextArea(props: { name: string; label: string; values: FormValues; errors: FieldErrors; path?: string; rows?: number }) {
  const err = props.errors[props.path ?? props.name];
  const id = `f-${props.name.replace(/\./g, '-')}`;
  const v = props.values[props.name];
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-error` : undefined}>
        {Array.isArray(v) ? v[0] : (v ?? '')}
      </textarea>
      {err ? (
        <p class="field-error" id={`${id}-error`}>
          {err}
        </p>
      ) : null}
    </div>
  );
}

/** Form values -> the API body, and where each kept medicine / contact row came from (for error paths). */
function toBody(v: FormValues) {
  const rowMap: Record<string, number[]> = {};
  const zones = Object.fromEntries(
    ZONES.map((zone) => {
      const kept: number[] = [];
      const medicines = Array.from({ length: MED_ROWS }, (_, i) => i)
        .filter((i) => formText(v, `${zone}.med${i}.name`) !== undefined || formText(v, `${zone}.med${i}.dose`) !== undefined)
        .map((i) => {
          kept.push(i);
          return { role: formText(v, `${zone}.med${i}.role`), name: formText(v, `${zone}.med${i}.name`), dose: formText(v, `${zone}.med${i}.dose`) };
        });
      rowMap[zone] = kept;
      const fields = { signs: formText(v, `${zone}.signs`), medicines, actions: formText(v, `${zone}.actions`) ?? '' };
      // Blank numbers go to the schema as missing, so each is refused by name.
      if (zone === 'red') return [zone, { ...fields, relieverSchedule: Object.fromEntries(SCHEDULE_FIELDS.map((f) => [f, formNumber(v, `red.schedule.${f}`)])) }];
      return [zone, fields];
    }),
  );
  const keptContacts: number[] = [];
  const contacts = Array.from({ length: CONTACT_ROWS }, (_, i) => i)
    .filter((i) => formText(v, `contact${i}.name`) !== undefined || formText(v, `contact${i}.phone`) !== undefined)
    .map((i) => {
      keptContacts.push(i);
      return { name: formText(v, `contact${i}.name`), relation: formText(v, `contact${i}.relation`), phone: formText(v, `contact${i}.phone`) };
    });
  rowMap.contacts = keptContacts;
  const best = formNumber(v, 'personalBestPef');
  return {
    body: {
      personalBestPef: best ?? null,
      zones,
      callDoctorWhen: formText(v, 'callDoctorWhen'),
      call120When: formText(v, 'call120When'),
      contacts,
      note: formText(v, 'note'),
      followUpId: formText(v, 'followUpId'),
    },
    rowMap,
  };
}

/** 'zones.yellow.medicines.0.dose' -> the form field 'yellow.med2.dose' when row 0 came from form row 2. */
function formPath(path: string, rowMap: Record<string, number[]>): string {
  let m = /^zones\.(green|yellow|red)\.medicines\.(\d+)\.(\w+)$/.exec(path);
  if (m) return `${m[1]}.med${rowMap[m[1]!]?.[Number(m[2])] ?? 0}.${m[3]}`;
  m = /^zones\.(green|yellow|red)\.medicines$/.exec(path);
  if (m) return `${m[1]}.med0.name`;
  m = /^zones\.red\.relieverSchedule(?:\.(\w+))?$/.exec(path);
  if (m) return `red.schedule.${m[1] ?? 'puffs'}`;
  m = /^zones\.(green|yellow|red)\.(signs|actions)$/.exec(path);
  if (m) return `${m[1]}.${m[2]}`;
  m = /^contacts\.(\d+)\.(\w+)$/.exec(path);
  if (m) return `contact${rowMap.contacts?.[Number(m[1])] ?? 0}.${m[2]}`;
  if (path === 'contacts') return 'contact0.name';
  return path;
}

function valuesFromPlan(content: ActionPlanContent, personalBest: number | null, followUpId: string | undefined): FormValues {
  const v: FormValues = { personalBestPef: personalBest?.toString(), callDoctorWhen: content.callDoctorWhen, call120When: content.call120When, note: content.note, followUpId };
  for (const zone of ZONES) {
    v[`${zone}.signs`] = content.zones[zone].signs;
    v[`${zone}.actions`] = content.zones[zone].actions;
    content.zones[zone].medicines.slice(0, MED_ROWS).forEach((m, i) => Object.assign(v, { [`${zone}.med${i}.role`]: m.role, [`${zone}.med${i}.name`]: m.name, [`${zone}.med${i}.dose`]: m.dose }));
  }
  content.contacts.slice(0, CONTACT_ROWS).forEach((c, i) => Object.assign(v, { [`contact${i}.name`]: c.name, [`contact${i}.relation`]: c.relation, [`contact${i}.phone`]: c.phone }));
  // A version from before rule 8.7 has no numbers: offer the standard ones, said so on the form.
  return { ...v, ...scheduleValues(content.zones.red.relieverSchedule ?? STANDARD_RELIEVER_SCHEDULE) };
}

function defaultValues(lang: Lang, child: { personal_best_pef: number | null; guardian_name: string; guardian_relation: string; guardian_phone: string }, followUpId: string | undefined): FormValues {
  const v: FormValues = {
    personalBestPef: child.personal_best_pef?.toString(),
    callDoctorWhen: t(lang, 'plan.default.callDoctor'),
    call120When: t(lang, 'plan.default.call120'),
    'contact0.name': child.guardian_name,
    'contact0.relation': child.guardian_relation,
    'contact0.phone': child.guardian_phone,
    'contact1.name': t(lang, 'plan.default.emergencyName'),
    'contact1.phone': '120',
    followUpId,
  };
  for (const zone of ZONES) {
    v[`${zone}.signs`] = t(lang, `plan.default.${zone}.signs`);
    v[`${zone}.actions`] = t(lang, `plan.default.${zone}.actions`);
    v[`${zone}.med0.role`] = zone === 'green' ? 'controller' : 'reliever';
  }
  return { ...v, ...scheduleValues(STANDARD_RELIEVER_SCHEDULE) };
}

async function planForm(c: PageContext, childId: string, values: FormValues, details: ErrorDetail[], status = 200, rowMap: Record<string, number[]> = {}, schedulePrefilled = false) {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const child = await childForPage(deps, requestContext(c), childId);
  const followUps = (await listFollowUps(deps, requestContext(c), childId)).slice(0, 6);
  const errors = errorsByPath(details.map((d) => ({ path: formPath(d.path, rowMap), message: d.message })));
  const roleOptions = MEDICINE_ROLES.map((r) => ({ value: r, label: t(lang, `plan.role.${r}`) }));
  return render(
    c,
    t(lang, 'plan.edit'),
    <>
      <h1>
        {t(lang, 'plan.edit')} · {child.name}
      </h1>
      <p class="muted">{t(lang, 'plan.editIntro')}</p>
      <ErrorSummary lang={lang} messages={details.map((d) => d.message)} />
      <form method="post" action={`/app/plan/${childId}/edit`} class="card" novalidate>
        <div class="grid">
          <TextField name="personalBestPef" type="number" inputmode="numeric" label={t(lang, 'plan.personalBestField')} hint={t(lang, 'plan.personalBestHint')} values={values} errors={errors} />
          <SelectField
            name="followUpId"
            label={t(lang, 'plan.followUp')}
            values={values}
            errors={errors}
            options={[{ value: '', label: t(lang, 'plan.noFollowUp') }, ...followUps.map((f) => ({ value: f.id, label: `${f.date} · ${t(lang, `level.${f.ginaLevel}`)}` }))]}
          />
        </div>
        {ZONES.map((zone) => (
          <fieldset class={`zone zone-${zone}`}>
            <legend>
              <span class={`badge ${zone}`}>{t(lang, `plan.zone.${zone}`)}</span> {t(lang, `plan.zone.${zone}.meaning`)}
            </legend>
            <TextArea name={`${zone}.signs`} label={t(lang, 'plan.signs')} values={values} errors={errors} />
            {Array.from({ length: MED_ROWS }, (_, i) => (
              <div class="grid">
                <SelectField name={`${zone}.med${i}.role`} label={t(lang, 'plan.med.role')} values={values} errors={errors} options={roleOptions} />
                <TextField name={`${zone}.med${i}.name`} label={t(lang, 'plan.med.name')} values={values} errors={errors} />
                <TextField name={`${zone}.med${i}.dose`} label={t(lang, 'plan.med.doseField')} values={values} errors={errors} />
              </div>
            ))}
            {zone === 'red' ? (
              <fieldset id="red-schedule">
                <legend>{t(lang, 'plan.schedule.legend')}</legend>
                {schedulePrefilled ? (
                  <p class="notice" role="status">
                    {t(lang, 'plan.schedule.prefilled')}
                  </p>
                ) : null}
                <p class="muted">{t(lang, 'plan.schedule.hint')}</p>
                <div class="grid">
                  {SCHEDULE_FIELDS.map((f) => (
                    <TextField name={`red.schedule.${f}`} type="number" inputmode="numeric" min={1} max={f === 'puffs' || f === 'maxPuffs' ? 20 : 60} required label={t(lang, `plan.schedule.${f}`)} values={values} errors={errors} />
                  ))}
                </div>
              </fieldset>
            ) : null}
            <TextArea name={`${zone}.actions`} label={t(lang, 'plan.actions')} values={values} errors={errors} />
          </fieldset>
        ))}
        <TextArea name="callDoctorWhen" label={t(lang, 'plan.callDoctor')} values={values} errors={errors} rows={2} />
        <TextArea name="call120When" label={t(lang, 'plan.call120')} values={values} errors={errors} rows={2} />
        <fieldset>
          <legend>{t(lang, 'plan.contacts')}</legend>
          {Array.from({ length: CONTACT_ROWS }, (_, i) => (
            <div class="grid">
              <TextField name={`contact${i}.name`} label={t(lang, 'plan.contact.name')} values={values} errors={errors} />
              <TextField name={`contact${i}.relation`} label={t(lang, 'plan.contact.relation')} values={values} errors={errors} />
              <TextField name={`contact${i}.phone`} type="tel" inputmode="tel" label={t(lang, 'plan.contact.phone')} values={values} errors={errors} />
            </div>
          ))}
        </fieldset>
        <TextArea name="note" label={t(lang, 'plan.note')} values={values} errors={errors} />
        <p>
          <button type="submit">{t(lang, 'plan.save')}</button> <a href={`/children/${childId}`}>{t(lang, 'plan.cancel')}</a>
        </p>
      </form>
    </>,
    { status },
  );
}

export function registerPlanPages(app: Hono<AppEnv>): void {
  app.get('/app/plan/:id/edit', async (c) => {
    const actor = pageActor(c, 'plans.write');
    if (actor instanceof Response) return actor;
    const deps = c.get('deps');
    const id = c.req.param('id');
    const child = await childForPage(deps, requestContext(c), id);
    const current = await latestPlanRow(deps.db, id);
    // A follow-up logged today is most likely the one the plan is being given at.
    const todays = (await followUpOn(deps, requestContext(c), id, today(deps.clock))) ?? undefined;
    const followUpId = c.req.query('followUp') ?? todays;
    const content = current ? (JSON.parse(current.plan) as ActionPlanContent) : null;
    const values = current && content ? valuesFromPlan(content, current.personal_best_pef, followUpId) : defaultValues(c.get('lang'), child, followUpId);
    return planForm(c, id, values, [], 200, {}, Boolean(content && !content.zones.red.relieverSchedule));
  });

  app.post('/app/plan/:id/edit', async (c) => {
    const actor = pageActor(c, 'plans.write');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const id = c.req.param('id');
    const values = await readForm(c);
    const { body, rowMap } = toBody(values);
    const parsed = validate(actionPlanSchema, body, lang);
    if (!parsed.ok) return planForm(c, id, values, parsed.details, 400, rowMap);
    try {
      await saveActionPlan(c.get('deps'), requestContext(c), id, parsed.data);
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation_failed') {
        return planForm(
          c,
          id,
          values,
          err.details.map((d) => ({ path: d.path, message: d.message.startsWith('v.') ? t(lang, d.message) : d.message })),
          400,
          rowMap,
        );
      }
      throw err;
    }
    return c.redirect(`/app/plan/${id}`, 303);
  });
}
