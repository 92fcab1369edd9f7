// A training session: its roster; managers enrol clinicians, a clinician enrols themself, and the
// session's trainer records attendance and the competency check, one enrolee at a time (phone-ready).
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { today } from '../../server/clock';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { CHECKLIST_ITEMS, attendanceBody, competencyBody, enrolBody } from '../../server/training/schemas';
import * as training from '../../server/training/service';
import { assertRecorder, sessionById } from '../../server/training/access';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';
import { errorMap, list, serviceFieldErrors, str, summaryOf, type FieldErrors } from '../schools/parts';
import { fieldLabel, Outcome, Saved } from './parts';

async function sessionPage(c: PageContext, errors: FieldErrors = {}, status = 200) {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const actor = c.get('actor')!;
  const s = await training.getSession(deps, requestContext(c), c.req.param('id')!);
  const open = s.date >= today(deps.clock);
  const manages = actor.role === 'admin' || actor.role === 'manager';
  const enrolled = new Set(s.enrolments.map((e) => e.clinicianId));
  const options = manages && open ? (await training.clinicianOptions(deps.db)).filter((u) => !enrolled.has(u.id) && u.id !== s.trainer.id) : [];
  const base = `/training/sessions/${s.id}`;
  return render(
    c,
    s.course.title,
    <>
      <p>
        <a href={manages ? `/training/courses/${s.course.id}` : '/training'}>← {t(lang, manages ? 'training.backToCourse' : 'training.back')}</a>
      </p>
      <h1>{s.course.title}</h1>
      <Saved lang={lang} saved={c.req.query('saved')} />
      <ErrorSummary lang={lang} messages={summaryOf(lang, errors, fieldLabel(lang))} />
      <section class="card">
        <dl class="facts">
          <dt>{t(lang, 'training.field.date')}</dt>
          <dd>{s.date}</dd>
          <dt>{t(lang, 'training.field.place')}</dt>
          <dd>{s.place}</dd>
          <dt>{t(lang, 'training.field.trainerId')}</dt>
          <dd>{s.trainer.name}</dd>
          <dt>{t(lang, 'training.field.topic')}</dt>
          <dd>
            {t(lang, `training.topic.${s.course.topic}`)} · {t(lang, `training.format.${s.course.format}`)} · {t(lang, 'training.hoursN', { n: s.course.hours })}
          </dd>
        </dl>
        {actor.role === 'clinician' && open && !enrolled.has(actor.id) && actor.id !== s.trainer.id ? (
          <form method="post" action={`${base}/enrol`}>
            <p>
              <button type="submit">{t(lang, 'training.enrolSelf')}</button>
            </p>
          </form>
        ) : null}
      </section>
      {options.length ? (
        <form method="post" action={`${base}/enrol`} class="card">
          <h2>{t(lang, 'training.enrolSomeone')}</h2>
          <label for="enrol-clinician">{t(lang, 'training.field.clinicianId')}</label>
          <select id="enrol-clinician" name="clinicianId">
            {options.map((u) => (
              <option value={u.id}>
                {u.display_name} · {lang === 'en' ? u.name_en : u.name}
              </option>
            ))}
          </select>
          <p>
            <button type="submit">{t(lang, 'training.enrol')}</button>
          </p>
        </form>
      ) : null}
      <h2>{t(lang, 'training.roster')}</h2>
      {s.enrolments.length === 0 ? <p class="muted">{t(lang, 'training.noEnrolments')}</p> : null}
      {s.enrolments.map((e) => (
        <section class="card enrolee">
          <h3>
            {e.name} · <span class="muted">{e.centre[lang]}</span>
          </h3>
          <p>
            <Outcome lang={lang} {...e} />
          </p>
          {s.canRecord && s.date <= today(deps.clock) ? (
            <>
              <form method="post" action={`${base}/attendance`}>
                <input type="hidden" name="clinicianId" value={e.clinicianId} />
                <p class="actions">
                  <button type="submit" name="attended" value="yes" class={e.attended === true ? 'secondary' : undefined}>
                    {t(lang, 'training.markAttended')}
                  </button>
                  <button type="submit" name="attended" value="no" class="secondary">
                    {t(lang, 'training.markAbsent')}
                  </button>
                </p>
              </form>
              {e.attended === true ? (
                <form method="post" action={`${base}/competency`}>
                  <input type="hidden" name="clinicianId" value={e.clinicianId} />
                  <fieldset>
                    <legend>{t(lang, 'training.field.result')}</legend>
                    <label class="check">
                      <input type="radio" name="result" value="pass" id={`r-${e.clinicianId}-pass`} checked={e.competency !== 'fail'} /> {t(lang, 'training.pass')}
                    </label>
                    <label class="check">
                      <input type="radio" name="result" value="fail" id={`r-${e.clinicianId}-fail`} checked={e.competency === 'fail'} /> {t(lang, 'training.fail')}
                    </label>
                  </fieldset>
                  <fieldset>
                    <legend>{t(lang, 'training.field.checklist')}</legend>
                    {CHECKLIST_ITEMS.map((item) => (
                      <label class="check">
                        <input type="checkbox" name="checklist" value={item} checked={e.checklist.includes(item)} /> {t(lang, `training.check.${item}`)}
                      </label>
                    ))}
                  </fieldset>
                  <p>
                    <button type="submit">{t(lang, 'training.recordCompetency')}</button>
                  </p>
                </form>
              ) : null}
            </>
          ) : null}
        </section>
      ))}
    </>,
    { status },
  );
}

/** Runs a change; a refusal of the input shows the session again with it, in the page's language. */
async function change(c: PageContext, run: () => Promise<unknown>, saved: string) {
  try {
    await run();
  } catch (err) {
    const errors = serviceFieldErrors(err, c.get('lang'));
    if (!errors) throw err;
    return sessionPage(c, errors, 400);
  }
  return c.redirect(`/training/sessions/${c.req.param('id')}?saved=${saved}`, 303);
}

export function registerSessionPages(app: Hono<AppEnv>): void {
  app.get('/training/sessions/:id', async (c) => {
    const actor = pageActor(c, 'training.read');
    if (actor instanceof Response) return actor;
    return sessionPage(c);
  });

  app.post('/training/sessions/:id/enrol', async (c) => {
    const actor = pageActor(c, 'training.read');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const parsed = validate(enrolBody, { sessionId: c.req.param('id'), clinicianId: str(form, 'clinicianId') || undefined }, lang);
    if (!parsed.ok) return sessionPage(c, errorMap(parsed.details), 400);
    return change(c, () => training.enrol(c.get('deps'), requestContext(c), parsed.data), 'enrolled');
  });

  app.post('/training/sessions/:id/attendance', async (c) => {
    const actor = pageActor(c, 'training.record');
    if (actor instanceof Response) return actor;
    // Who may record comes before what was typed: anyone else gets the 403 page, not a form error.
    assertRecorder(actor, await sessionById(c.get('deps').db, c.req.param('id')));
    const lang = c.get('lang');
    const form = await readForm(c);
    const answer = str(form, 'attended');
    const parsed = validate(attendanceBody, { sessionId: c.req.param('id'), clinicianId: str(form, 'clinicianId'), attended: answer === 'yes' ? true : answer === 'no' ? false : undefined }, lang);
    if (!parsed.ok) return sessionPage(c, errorMap(parsed.details, undefined, { form, lang }), 400);
    return change(c, () => training.recordAttendance(c.get('deps'), requestContext(c), parsed.data), 'attendance');
  });

  app.post('/training/sessions/:id/competency', async (c) => {
    const actor = pageActor(c, 'training.record');
    if (actor instanceof Response) return actor;
    assertRecorder(actor, await sessionById(c.get('deps').db, c.req.param('id')));
    const lang = c.get('lang');
    const form = await readForm(c);
    const parsed = validate(competencyBody, { sessionId: c.req.param('id'), clinicianId: str(form, 'clinicianId'), result: str(form, 'result'), checklist: list(form, 'checklist') }, lang);
    if (!parsed.ok)
      return sessionPage(
        c,
        errorMap(parsed.details, (p) => p.replace(/^checklist\.\d+$/, 'checklist'), { form, lang }),
        400,
      );
    return change(c, () => training.recordCompetency(c.get('deps'), requestContext(c), parsed.data), 'competency');
  });
}
