// The assessment: a form pre-filled from the school's records for the nurse to confirm (phone and
// desktop alike), and the result page with score, grade, caps and corrective actions.
import type { Hono } from 'hono';
import { assertSchoolAccess } from '../../server/schools/scope';
import type { AppEnv, Lang } from '../../server/context';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { isIsoDate } from '../../server/calendar';
import * as schools from '../../server/schools/service';
import { assessmentInputSchema, rubricV1 } from '../../server/schools/rules';

import { DOCUMENT_KEYS } from '../../server/schools/schemas';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';
import { formToInput, prefillToForm } from './assessment-form';
import { ActionTable, CapExplanation, Check, Field, FieldMessage, GradeBadge, Select, YesNo, errorMap, serviceFieldErrors, str, summaryOf, type FieldErrors, type FormValues } from './parts';

const fieldLabel = (lang: Lang) => (path: string) => {
  const m = /^(kits|staffTraining)\.(\d+)\.(?:mdis\.(\d+)\.)?(\w+)/.exec(path);
  if (m) {
    const row = m[1] === 'kits' ? t(lang, 'schools.assess.kitN', { n: Number(m[2]) + 1 }) : t(lang, 'schools.assess.trainingN', { n: Number(m[2]) + 1 });
    const mdi = m[3] !== undefined ? ` · ${t(lang, 'schools.assess.mdiN', { n: Number(m[3]) + 1 })}` : '';
    return `${row}${mdi} · ${t(lang, `schools.field.${m[4]}`)}`;
  }
  return t(lang, `schools.field.${path.split('.')[0]}`);
};

function Hidden(props: { name: string; form: FormValues }) {
  return <input type="hidden" name={props.name} value={str(props.form, props.name)} />;
}

function KitFields(props: { lang: Lang; form: FormValues; errors: FieldErrors; i: number }) {
  const { lang, form, errors, i } = props;
  const p = `kits.${i}.`;
  const rows = Number.parseInt(str(form, `${p}mdiRows`), 10) || 1;
  return (
    <fieldset class="card">
      <legend>
        {t(lang, 'schools.assess.kitN', { n: i + 1 })}: {str(form, `${p}label`)}
      </legend>
      <Check name={`${p}include`} label={t(lang, 'schools.assess.kitPresent')} form={form} />
      <Hidden name={`${p}mdiRows`} form={form} />
      <Field name={`${p}label`} label={t(lang, 'schools.field.label')} form={form} errors={errors} />
      <Field name={`${p}spacers`} label={t(lang, 'schools.field.spacers')} form={form} errors={errors} type="number" min={0} max={50} inputmode="numeric" />
      <YesNo name={`${p}unlocked`} label={t(lang, 'schools.field.unlocked')} form={form} errors={errors} lang={lang} />
      <YesNo name={`${p}storageOk`} label={t(lang, 'schools.field.storageOk')} form={form} errors={errors} lang={lang} />
      <fieldset>
        <legend>{t(lang, 'schools.field.documents')}</legend>
        {DOCUMENT_KEYS.map((d) => (
          <Check name={`${p}docs.${d}`} label={t(lang, `schools.doc.${d}`)} form={form} />
        ))}
      </fieldset>
      {Array.from({ length: rows }, (_, j) => {
        const q = `${p}mdis.${j}.`;
        const known = str(form, `${q}known`) === '1';
        return (
          <fieldset>
            <legend>{known ? t(lang, 'schools.assess.mdiN', { n: j + 1 }) : t(lang, 'schools.assess.mdiExtra')}</legend>
            {known ? (
              <>
                <Hidden name={`${q}known`} form={form} />
                <Check name={`${q}include`} label={t(lang, 'schools.assess.mdiPresent')} form={form} />
              </>
            ) : null}
            <Field name={`${q}batch`} label={t(lang, 'schools.field.batch')} form={form} errors={errors} />
            <Field name={`${q}expiry`} label={t(lang, 'schools.field.expiry')} form={form} errors={errors} placeholder="2026-08" />
            <Field name={`${q}remaining`} label={t(lang, 'schools.field.remaining')} form={form} errors={errors} type="number" min={0} max={400} inputmode="numeric" />
          </fieldset>
        );
      })}
    </fieldset>
  );
}

function TrainingRows(props: { lang: Lang; form: FormValues; errors: FieldErrors }) {
  const { lang, form, errors } = props;
  const rows = Number.parseInt(str(form, 'trainingRows'), 10) || 0;
  return (
    <>
      <Hidden name="trainingRows" form={form} />
      {Array.from({ length: rows }, (_, i) => {
        const p = `staffTraining.${i}.`;
        const known = str(form, `${p}known`) === '1';
        return (
          <fieldset>
            <legend>{known ? t(lang, 'schools.assess.trainingN', { n: i + 1 }) : t(lang, 'schools.assess.trainingExtra')}</legend>
            {known ? (
              <>
                <Hidden name={`${p}known`} form={form} />
                <Check name={`${p}include`} label={t(lang, 'schools.assess.trainingInPost')} form={form} />
              </>
            ) : null}
            <Field name={`${p}name`} label={t(lang, 'schools.field.name')} form={form} errors={errors} />
            <Field name={`${p}date`} label={t(lang, 'schools.field.competencyDate')} form={form} errors={errors} type="date" />
            <YesNo name={`${p}pass`} label={t(lang, 'schools.field.pass')} form={form} errors={errors} lang={lang} />
          </fieldset>
        );
      })}
    </>
  );
}

async function assessmentForm(c: PageContext, schoolId: string, form: FormValues, errors: FieldErrors, toConfirm: string[], status = 200) {
  const lang = c.get('lang');
  const kitCount = Number.parseInt(str(form, 'kitCount'), 10) || 0;
  const knew = str(form, 'staffKnewLocation');
  const hintFor = (name: string) => (toConfirm.includes(name) ? t(lang, 'schools.assess.answerNeeded') : undefined);
  return render(
    c,
    t(lang, 'schools.assess.new'),
    <>
      <p>
        <a href={`/schools/${schoolId}`}>← {t(lang, 'schools.backToSchool')}</a>
      </p>
      <h1>{t(lang, 'schools.assess.new')}</h1>
      <p class="notice">{t(lang, 'schools.assess.intro')}</p>
      <form method="post" action={`/schools/${schoolId}/assessments/new`}>
        <ErrorSummary lang={lang} messages={summaryOf(lang, errors, fieldLabel(lang))} />
        <section class="card">
          <h2>{t(lang, 'schools.assess.basics')}</h2>
          <Field name="date" label={t(lang, 'schools.field.date')} form={form} errors={errors} type="date" required />
          <Field name="enrolment" label={t(lang, 'schools.field.enrolment')} form={form} errors={errors} type="number" min={0} inputmode="numeric" required />
          <Field name="campuses" label={t(lang, 'schools.field.campuses')} form={form} errors={errors} type="number" min={1} inputmode="numeric" required />
        </section>
        <h2>{t(lang, 'schools.kits.title')}</h2>
        <Hidden name="kitCount" form={form} />
        {kitCount === 0 ? <p class="notice">{t(lang, 'schools.assess.noKits')}</p> : null}
        {Array.from({ length: kitCount }, (_, i) => (
          <KitFields lang={lang} form={form} errors={errors} i={i} />
        ))}
        <section class="card">
          <h2>{t(lang, 'schools.assess.staff')}</h2>
          <fieldset>
            <legend>{t(lang, 'schools.field.staffKnewLocation')}</legend>
            {hintFor('staffKnewLocation') ? <p class="muted">{hintFor('staffKnewLocation')}</p> : null}
            {['0', '1', '2'].map((n) => (
              <label class="check">
                <input type="radio" name="staffKnewLocation" value={n} checked={knew === n} /> {t(lang, 'schools.assess.ofTwo', { n })}
              </label>
            ))}
            <FieldMessage error={errors.staffKnewLocation} name="staffKnewLocation" />
          </fieldset>
          <YesNo name="healthStaffOk" label={t(lang, 'schools.field.healthStaffOk')} form={form} errors={errors} lang={lang} />
          <Field name="staffBriefedPct" label={t(lang, 'schools.field.staffBriefedPct')} hint={t(lang, 'schools.assess.pctHint')} form={form} errors={errors} type="number" min={0} max={100} inputmode="numeric" />
          <h3>{t(lang, 'schools.field.staffTraining')}</h3>
          <p class="muted">{t(lang, 'schools.assess.trainingHint')}</p>
          <TrainingRows lang={lang} form={form} errors={errors} />
        </section>
        <section class="card">
          <h2>{t(lang, 'schools.assess.register')}</h2>
          <YesNo name="registerUpdatedThisTerm" label={t(lang, 'schools.field.registerUpdatedThisTerm')} form={form} errors={errors} lang={lang} />
          <YesNo name="registerAccessible" label={t(lang, 'schools.field.registerAccessible')} form={form} errors={errors} lang={lang} />
          <Field name="registered" label={t(lang, 'schools.field.registered')} form={form} errors={errors} type="number" min={0} inputmode="numeric" />
          <Field name="plansValid" label={t(lang, 'schools.field.plansValid')} hint={hintFor('plansValid')} form={form} errors={errors} type="number" min={0} inputmode="numeric" />
          <Field name="consents" label={t(lang, 'schools.field.consents')} hint={hintFor('consents')} form={form} errors={errors} type="number" min={0} inputmode="numeric" />
        </section>
        <section class="card">
          <h2>{t(lang, 'schools.assess.procedure')}</h2>
          <YesNo name="procedure" label={t(lang, 'schools.field.procedure')} form={form} errors={errors} lang={lang} />
          <YesNo name="postersAllKitLocations" label={t(lang, 'schools.field.postersAllKitLocations')} form={form} errors={errors} lang={lang} />
          <Field name="lastDrill" label={t(lang, 'schools.field.lastDrill')} hint={t(lang, 'schools.assess.drillHint')} form={form} errors={errors} type="date" />
        </section>
        <section class="card">
          <h2>{t(lang, 'schools.assess.records')}</h2>
          <Select name="monthlyChecksLast3" label={t(lang, 'schools.field.monthlyChecksLast3')} form={form} errors={errors} empty="—" options={['0', '1', '2', '3'].map((n) => ({ value: n, label: n }))} />
          <Field name="uses" label={t(lang, 'schools.field.uses')} hint={t(lang, 'schools.assess.usesHint')} form={form} errors={errors} type="number" min={0} inputmode="numeric" />
          <Field name="usesLoggedComplete" label={t(lang, 'schools.field.usesLoggedComplete')} form={form} errors={errors} type="number" min={0} inputmode="numeric" />
          <Field name="usesParentNotified" label={t(lang, 'schools.field.usesParentNotified')} form={form} errors={errors} type="number" min={0} inputmode="numeric" />
        </section>
        <p>
          <button type="submit">{t(lang, 'schools.assess.submit')}</button> <a href={`/schools/${schoolId}`}>{t(lang, 'form.cancel')}</a>
        </p>
      </form>
    </>,
    { status },
  );
}

export function registerAssessmentPages(app: Hono<AppEnv>): void {
  app.get('/schools/:id/assessments/new', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const date = c.req.query('date');
    const prefill = await schools.assessmentPrefill(c.get('deps'), requestContext(c), c.req.param('id'), date && isIsoDate(date) ? date : undefined);
    return assessmentForm(c, c.req.param('id'), prefillToForm(prefill.input), {}, prefill.toConfirm);
  });

  app.post('/schools/:id/assessments/new', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const schoolId = c.req.param('id');
    // Scope before validation: another school's nurse gets the 404 page, not the form back.
    assertSchoolAccess(actor, schoolId, 'write');
    const form = await readForm(c);
    const { input, formPath } = formToInput(form);
    const parsed = validate(assessmentInputSchema, input, lang);
    let errors: FieldErrors | null = parsed.ok ? null : errorMap(parsed.details, formPath, { form, lang });
    if (parsed.ok) {
      try {
        const result = await schools.createAssessment(c.get('deps'), requestContext(c), schoolId, parsed.data);
        return c.redirect(`/assessments/${result.id}`, 303);
      } catch (err) {
        errors = serviceFieldErrors(err, lang);
        if (!errors) throw err;
      }
    }
    return assessmentForm(c, schoolId, form, errors ?? {}, [], 400);
  });

  app.get('/assessments/:id', async (c) => {
    const actor = pageActor(c, 'schools.read');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const a = await schools.getAssessment(c.get('deps'), requestContext(c), c.req.param('id'));
    const rubric = schools.rubrics[a.rubricVersion] ?? rubricV1;
    const capLabel = (id: string) => rubric.caps.find((cap) => cap.id === id)?.label[lang] ?? id;
    return render(
      c,
      t(lang, 'schools.result.title'),
      <>
        <p>
          <a href={`/schools/${a.schoolId}`}>← {t(lang, 'schools.backToSchool')}</a>
        </p>
        <h1>
          {t(lang, 'schools.result.title')} · {a.date}
        </h1>
        <div class="grid">
          <section class="card">
            <dl class="facts">
              <dt>{t(lang, 'schools.score')}</dt>
              <dd>
                <strong>{a.score.toFixed(1)}</strong>
              </dd>
              <dt>{t(lang, 'schools.grade')}</dt>
              <dd>
                <GradeBadge grade={a.grade} lang={lang} />
                <CapExplanation lang={lang} band={a.band} grade={a.grade} score={a.score} caps={a.caps} rubricVersion={a.rubricVersion} />
              </dd>
              <dt>{t(lang, 'schools.result.band')}</dt>
              <dd>
                {a.band} · {t(lang, `schools.grade.${a.band}`)}
              </dd>
              <dt>{t(lang, 'schools.reassessBy')}</dt>
              <dd>{a.reassessBy}</dd>
              <dt>{t(lang, 'schools.result.rubric')}</dt>
              <dd>{a.rubricVersion}</dd>
            </dl>
          </section>
          <section class="card">
            <h2>{t(lang, 'schools.result.caps')}</h2>
            {a.caps.length ? (
              <ul>
                {a.caps.map((cap) => (
                  <li>{capLabel(cap)}</li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t(lang, 'schools.result.noCaps')}</p>
            )}
          </section>
        </div>
        <section class="card">
          <h2>{t(lang, 'schools.result.actions')}</h2>
          <ActionTable lang={lang} actions={[...a.actions, ...a.alerts]} role={actor.role} back={`/assessments/${a.id}`} errorFor={c.req.query('actionError')} />
        </section>
        <section class="card">
          <h2>{t(lang, 'schools.result.items')}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t(lang, 'schools.action.item')}</th>
                  <th>{t(lang, 'schools.result.check')}</th>
                  <th>{t(lang, 'schools.result.weight')}</th>
                  <th>{t(lang, 'schools.result.fraction')}</th>
                </tr>
              </thead>
              <tbody>
                {rubric.items.map((item) => {
                  const f = a.fractions[item.id];
                  return (
                    <tr>
                      <td>{item.id}</td>
                      <td>{item.label[lang]}</td>
                      <td>{item.weight}</td>
                      <td>{f === undefined ? <span class="muted">{t(lang, 'schools.result.na')}</span> : f < 1 ? <span class="badge yellow">{`${Math.round(f * 1000) / 10}%`}</span> : '100%'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      </>,
      { wide: true },
    );
  });
}
