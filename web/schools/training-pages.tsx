// Training records: a school's sessions and the form to record one with its attendees.
import type { Hono } from 'hono';
import { assertSchoolAccess } from '../../server/schools/scope';
import type { AppEnv, Lang } from '../../server/context';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { today } from '../../server/clock';
import * as schools from '../../server/schools/service';
import { STAFF_ROLES, TOPICS, TRAINING_KINDS, trainingBody } from '../../server/schools/schemas';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';
import { Check, Field, SavedNotice, Select, errorMap, list, num, serviceFieldErrors, str, summaryOf, type FieldErrors, type FormValues } from './parts';

const ATTENDEE_ROWS = 8;

const label = (lang: Lang) => (path: string) => {
  const m = /^attendees\.(\d+)\.(\w+)/.exec(path);
  if (m) return `${t(lang, 'schools.training.attendeeN', { n: Number(m[1]) + 1 })} · ${t(lang, `schools.field.${m[2]}`)}`;
  return t(lang, `schools.field.${path.split('.')[0]}`);
};

function trainingForm(c: PageContext, schoolId: string, form: FormValues, errors: FieldErrors, status = 200) {
  const lang = c.get('lang');
  return render(
    c,
    t(lang, 'schools.training.new'),
    <>
      <p>
        <a href={`/schools/${schoolId}/trainings`}>← {t(lang, 'schools.trainings.title')}</a>
      </p>
      <h1>{t(lang, 'schools.training.new')}</h1>
      <form method="post" action={`/schools/${schoolId}/trainings/new`}>
        <ErrorSummary lang={lang} messages={summaryOf(lang, errors, label(lang))} />
        <section class="card">
          <Field name="date" label={t(lang, 'schools.field.date')} form={form} errors={errors} type="date" required />
          <Field name="durationMinutes" label={t(lang, 'schools.field.durationMinutes')} form={form} errors={errors} type="number" min={5} max={600} inputmode="numeric" required />
          <Select name="kind" label={t(lang, 'schools.field.trainingKind')} form={form} errors={errors} options={TRAINING_KINDS.map((k) => ({ value: k, label: t(lang, `schools.trainingKind.${k}`) }))} />
          <Field name="trainer" label={t(lang, 'schools.field.trainer')} form={form} errors={errors} required />
          <Field name="organisation" label={t(lang, 'schools.field.organisation')} form={form} errors={errors} required />
          <fieldset>
            <legend>{t(lang, 'schools.field.topics')}</legend>
            {TOPICS.map((topic) => (
              <Check name="topics" value={topic} label={t(lang, `schools.topic.${topic}`)} form={form} />
            ))}
            {errors.topics ? <p class="field-error">{errors.topics}</p> : null}
          </fieldset>
          <p class="muted">{t(lang, 'schools.training.briefingHint')}</p>
          <Field name="staffBriefed" label={t(lang, 'schools.field.staffBriefed')} form={form} errors={errors} type="number" min={0} inputmode="numeric" />
          <Field name="staffTotal" label={t(lang, 'schools.field.staffTotal')} form={form} errors={errors} type="number" min={1} inputmode="numeric" />
        </section>
        <h2>{t(lang, 'schools.training.attendees')}</h2>
        <p class="muted">{t(lang, 'schools.training.attendeesHint')}</p>
        {Array.from({ length: ATTENDEE_ROWS }, (_, i) => {
          const p = `attendees.${i}.`;
          return (
            <fieldset class="card">
              <legend>{t(lang, 'schools.training.attendeeN', { n: i + 1 })}</legend>
              <Field name={`${p}name`} label={t(lang, 'schools.field.name')} form={form} errors={errors} />
              <Select name={`${p}role`} label={t(lang, 'schools.field.role')} form={form} errors={errors} options={STAFF_ROLES.map((r) => ({ value: r, label: t(lang, `schools.staffRole.${r}`) }))} />
              <Select
                name={`${p}competency`}
                label={t(lang, 'schools.field.competency')}
                form={form}
                errors={errors}
                empty={t(lang, 'schools.training.notAssessed')}
                options={[
                  { value: 'pass', label: t(lang, 'schools.competency.pass') },
                  { value: 'fail', label: t(lang, 'schools.competency.fail') },
                ]}
              />
              <Field name={`${p}competencyDate`} label={t(lang, 'schools.field.competencyDate')} form={form} errors={errors} type="date" />
            </fieldset>
          );
        })}
        <p>
          <button type="submit">{t(lang, 'form.save')}</button>
        </p>
      </form>
    </>,
    { status },
  );
}

export function registerTrainingPages(app: Hono<AppEnv>): void {
  app.get('/schools/:id/trainings', async (c) => {
    const actor = pageActor(c, 'schools.read');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const schoolId = c.req.param('id');
    const page = await schools.listTrainings(c.get('deps'), requestContext(c), { schoolId, limit: 100 });
    return render(
      c,
      t(lang, 'schools.trainings.title'),
      <>
        <p>
          <a href={`/schools/${schoolId}`}>← {t(lang, 'schools.backToSchool')}</a>
        </p>
        <h1>{t(lang, 'schools.trainings.title')}</h1>
        <SavedNotice lang={lang} saved={c.req.query('saved')} />
        {actor.role !== 'manager' ? (
          <p>
            <a class="button" href={`/schools/${schoolId}/trainings/new`}>
              {t(lang, 'schools.training.new')}
            </a>
          </p>
        ) : null}
        {page.items.length === 0 ? <p class="muted">{t(lang, 'common.none')}</p> : null}
        {page.items.map((tr) => (
          <section class="card">
            <h2>
              {tr.date} · {t(lang, `schools.trainingKind.${tr.kind}`)}
            </h2>
            <p class="muted">
              {tr.trainer} · {tr.organisation} · {t(lang, 'schools.training.minutes', { n: tr.durationMinutes })}
            </p>
            <p>{tr.topics.map((x) => t(lang, `schools.topic.${x}`)).join(lang === 'en' ? '; ' : '、')}</p>
            {tr.staffTotal ? <p>{t(lang, 'schools.training.briefed', { n: tr.staffBriefed ?? 0, total: tr.staffTotal })}</p> : null}
            {tr.attendees.length ? (
              <ul>
                {tr.attendees.map((a) => (
                  <li>
                    {a.name} · {t(lang, `schools.staffRole.${a.role}`)} ·{' '}
                    {a.competency ? (
                      <span class={`badge ${a.competency === 'pass' ? 'green' : 'red'}`}>
                        {t(lang, `schools.competency.${a.competency}`)} {a.competencyDate}
                      </span>
                    ) : (
                      t(lang, 'schools.training.notAssessed')
                    )}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        ))}
      </>,
    );
  });

  app.get('/schools/:id/trainings/new', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    await schools.listKits(c.get('deps'), requestContext(c), c.req.param('id'));
    return trainingForm(c, c.req.param('id'), { date: today(c.get('deps').clock), durationMinutes: '90', kind: 'initial' }, {});
  });

  app.post('/schools/:id/trainings/new', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const schoolId = c.req.param('id');
    assertSchoolAccess(actor, schoolId, 'write');
    const form = await readForm(c);
    const rows: number[] = [];
    const attendees = [];
    for (let i = 0; i < ATTENDEE_ROWS; i++) {
      const p = `attendees.${i}.`;
      if (!str(form, `${p}name`).trim() && !str(form, `${p}competency`)) continue;
      rows.push(i);
      const competency = str(form, `${p}competency`) || null;
      attendees.push({ name: str(form, `${p}name`), role: str(form, `${p}role`), competency, competencyDate: competency ? str(form, `${p}competencyDate`) || str(form, 'date') : null });
    }
    const body = {
      schoolId,
      date: str(form, 'date'),
      durationMinutes: num(str(form, 'durationMinutes')),
      kind: str(form, 'kind'),
      trainer: str(form, 'trainer'),
      organisation: str(form, 'organisation'),
      topics: list(form, 'topics'),
      attendees,
      staffBriefed: num(str(form, 'staffBriefed')) ?? null,
      staffTotal: num(str(form, 'staffTotal')) ?? null,
    };
    const rename = (path: string) => path.replace(/^attendees\.(\d+)\./, (_, a: string) => `attendees.${rows[+a]}.`).replace(/^topics\.\d+$/, 'topics');
    const parsed = validate(trainingBody, body, lang);
    let errors = parsed.ok ? null : errorMap(parsed.details, rename, { form, lang });
    if (parsed.ok) {
      try {
        await schools.createTraining(c.get('deps'), requestContext(c), parsed.data);
        return c.redirect(`/schools/${schoolId}/trainings?saved=training`, 303);
      } catch (err) {
        const found = serviceFieldErrors(err, lang);
        if (!found) throw err;
        errors = Object.fromEntries(Object.entries(found).map(([k, v]) => [rename(k), v]));
      }
    }
    return trainingForm(c, schoolId, form, errors ?? {}, 400);
  });
}
