// Clinician training pages (issue 36): the courses and sessions for admins and managers; a
// clinician's own training and the sessions open to them. The session page is session-page.tsx.
import type { Hono } from 'hono';
import type { AppEnv, Lang } from '../../server/context';
import { today } from '../../server/clock';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { notFound } from '../../server/errors';
import { COURSE_FORMATS, COURSE_TOPICS, courseBody, sessionBody } from '../../server/training/schemas';
import * as training from '../../server/training/service';
import { t } from '../i18n';
import { addNav, ErrorSummary } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';
import { Field, Select, errorMap, num, serviceFieldErrors, str, summaryOf, type FieldErrors, type FormValues } from '../schools/parts';
import { fieldLabel, Outcome, Saved, STATUS_TONE } from './parts';
import { registerSessionPages } from './session-page';

addNav('training.read', { href: '/training', key: 'nav.training' });

type Courses = Awaited<ReturnType<typeof training.listCourses>>;

function CourseCards(props: { lang: Lang; courses: Courses }) {
  const { lang } = props;
  if (props.courses.length === 0) return <p class="muted">{t(lang, 'training.noCourses')}</p>;
  return (
    <>
      {props.courses.map((c) => (
        <section class="card">
          <h3>
            <a href={`/training/courses/${c.id}`}>{c.title}</a>
          </h3>
          <p class="muted">
            {t(lang, `training.topic.${c.topic}`)} · {t(lang, `training.format.${c.format}`)} · {t(lang, 'training.hoursN', { n: c.hours })} · {t(lang, 'training.validFor', { n: c.validMonths })}
          </p>
          {c.sessions.length === 0 ? (
            <p class="muted">{t(lang, 'training.noSessions')}</p>
          ) : (
            <ul>
              {c.sessions.map((s) => (
                <li>
                  <a href={`/training/sessions/${s.id}`}>
                    {s.date} · {s.place}
                  </a>{' '}
                  · {t(lang, 'training.trainer', { name: s.trainer.name })} · {t(lang, 'training.enrolledN', { n: s.enrolled })}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

async function clinicianHome(c: PageContext) {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const [mine, courses] = [await training.myTraining(deps, requestContext(c)), await training.listCourses(deps, requestContext(c))];
  const day = today(deps.clock);
  const enrolled = new Set(mine.sessions.map((s) => s.sessionId));
  const open = courses.flatMap((co) => co.sessions.filter((s) => s.date >= day && !enrolled.has(s.id)).map((s) => ({ ...s, course: co })));
  return render(
    c,
    t(lang, 'training.title'),
    <>
      <h1>{t(lang, 'training.title')}</h1>
      <Saved lang={lang} saved={c.req.query('saved')} />
      <section class="card">
        <h2>{t(lang, 'training.mine')}</h2>
        <p>
          <span class={`badge ${STATUS_TONE[mine.status]}`}>{t(lang, `training.status.${mine.status}`)}</span>
          {mine.expiresOn && mine.status !== 'lapsed' ? (
            <>
              {' '}
              <span class="muted">{t(lang, 'training.expires', { date: mine.expiresOn })}</span>
            </>
          ) : null}
        </p>
        {mine.sessions.length === 0 ? null : (
          <ul>
            {mine.sessions.map((s) => (
              <li>
                <a href={`/training/sessions/${s.sessionId}`}>
                  {s.date} · {s.title}
                </a>{' '}
                · {t(lang, `training.format.${s.format}`)}
                <br />
                <Outcome lang={lang} {...s} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {mine.trains.length ? (
        <section class="card">
          <h2>{t(lang, 'training.iTrain')}</h2>
          <ul>
            {mine.trains.map((s) => (
              <li>
                <a href={`/training/sessions/${s.sessionId}`}>
                  {s.date} · {s.title} · {s.place}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="card">
        <h2>{t(lang, 'training.upcoming')}</h2>
        {open.length === 0 ? (
          <p class="muted">{t(lang, 'training.noUpcoming')}</p>
        ) : (
          <ul>
            {open.map((s) => (
              <li>
                <a href={`/training/sessions/${s.id}`}>
                  {s.date} · {s.course.title}
                </a>{' '}
                · {s.place} · {t(lang, `training.format.${s.course.format}`)}
                <form method="post" action={`/training/sessions/${s.id}/enrol`}>
                  <p>
                    <button type="submit" class="secondary">
                      {t(lang, 'training.enrolSelf')}
                    </button>
                  </p>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>,
  );
}

function courseForm(c: PageContext, form: FormValues, errors: FieldErrors, status = 200) {
  const lang = c.get('lang');
  return render(
    c,
    t(lang, 'training.newCourse'),
    <>
      <p>
        <a href="/training">← {t(lang, 'training.back')}</a>
      </p>
      <h1>{t(lang, 'training.newCourse')}</h1>
      <form method="post" action="/training/courses/new" class="card">
        <ErrorSummary lang={lang} messages={summaryOf(lang, errors, fieldLabel(lang))} />
        <Field name="title" label={t(lang, 'training.field.title')} form={form} errors={errors} required />
        <Select name="topic" label={t(lang, 'training.field.topic')} form={form} errors={errors} options={COURSE_TOPICS.map((x) => ({ value: x, label: t(lang, `training.topic.${x}`) }))} />
        <Select name="format" label={t(lang, 'training.field.format')} form={form} errors={errors} options={COURSE_FORMATS.map((x) => ({ value: x, label: t(lang, `training.format.${x}`) }))} />
        <Field name="hours" label={t(lang, 'training.field.hours')} form={form} errors={errors} type="number" step="0.5" min={0.5} max={500} inputmode="decimal" required />
        <Field name="validMonths" label={t(lang, 'training.field.validMonths')} form={form} errors={errors} type="number" min={1} max={120} inputmode="numeric" required />
        <p>
          <button type="submit">{t(lang, 'form.save')}</button>
        </p>
      </form>
    </>,
    { status },
  );
}

async function sessionForm(c: PageContext, courseId: string, form: FormValues, errors: FieldErrors, status = 200) {
  const lang = c.get('lang');
  const trainers = (await training.clinicianOptions(c.get('deps').db)).map((u) => ({ value: u.id, label: `${u.display_name} · ${lang === 'en' ? u.name_en : u.name}` }));
  return render(
    c,
    t(lang, 'training.newSession'),
    <>
      <p>
        <a href={`/training/courses/${courseId}`}>← {t(lang, 'training.backToCourse')}</a>
      </p>
      <h1>{t(lang, 'training.newSession')}</h1>
      <form method="post" action={`/training/courses/${courseId}/sessions/new`} class="card">
        <ErrorSummary lang={lang} messages={summaryOf(lang, errors, fieldLabel(lang))} />
        <Field name="date" label={t(lang, 'training.field.date')} form={form} errors={errors} type="date" required />
        <Field name="place" label={t(lang, 'training.field.place')} form={form} errors={errors} required />
        <Select name="trainerId" label={t(lang, 'training.field.trainerId')} form={form} errors={errors} options={trainers} />
        <p>
          <button type="submit">{t(lang, 'form.save')}</button>
        </p>
      </form>
    </>,
    { status },
  );
}

export function registerTrainingPages(app: Hono<AppEnv>): void {
  app.get('/training', async (c) => {
    const actor = pageActor(c, 'training.read');
    if (actor instanceof Response) return actor;
    if (actor.role === 'clinician') return clinicianHome(c);
    const lang = c.get('lang');
    const courses = await training.listCourses(c.get('deps'), requestContext(c));
    return render(
      c,
      t(lang, 'training.title'),
      <>
        <h1>{t(lang, 'training.title')}</h1>
        <Saved lang={lang} saved={c.req.query('saved')} />
        <p class="actions">
          <a class="button" href="/training/courses/new">
            {t(lang, 'training.newCourse')}
          </a>
          {actor.role === 'admin' ? (
            <a class="button secondary" href="/admin/coverage">
              {t(lang, 'coverage.admin')}
            </a>
          ) : null}
        </p>
        <h2>{t(lang, 'training.courses')}</h2>
        <CourseCards lang={lang} courses={courses} />
      </>,
    );
  });

  app.get('/training/courses/new', (c) => {
    const actor = pageActor(c, 'training.manage');
    if (actor instanceof Response) return actor;
    return courseForm(c, { topic: 'inhaler_technique', format: 'workshop', hours: '4', validMonths: '24' }, {});
  });

  app.post('/training/courses/new', async (c) => {
    const actor = pageActor(c, 'training.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const parsed = validate(courseBody, { title: str(form, 'title'), topic: str(form, 'topic'), format: str(form, 'format'), hours: num(str(form, 'hours')), validMonths: num(str(form, 'validMonths')) }, lang);
    if (!parsed.ok) return courseForm(c, form, errorMap(parsed.details, undefined, { form, lang }), 400);
    const course = await training.createCourse(c.get('deps'), requestContext(c), parsed.data);
    return c.redirect(`/training/courses/${course.id}?saved=course`, 303);
  });

  app.get('/training/courses/:id', async (c) => {
    const actor = pageActor(c, 'training.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const course = (await training.listCourses(c.get('deps'), requestContext(c))).find((x) => x.id === c.req.param('id'));
    if (!course) throw notFound();
    return render(
      c,
      course.title,
      <>
        <p>
          <a href="/training">← {t(lang, 'training.back')}</a>
        </p>
        <h1>{course.title}</h1>
        <Saved lang={lang} saved={c.req.query('saved')} />
        <p>
          <a class="button" href={`/training/courses/${course.id}/sessions/new`}>
            {t(lang, 'training.newSession')}
          </a>
        </p>
        <CourseCards lang={lang} courses={[course]} />
      </>,
    );
  });

  app.get('/training/courses/:id/sessions/new', async (c) => {
    const actor = pageActor(c, 'training.manage');
    if (actor instanceof Response) return actor;
    return sessionForm(c, c.req.param('id'), { date: today(c.get('deps').clock) }, {});
  });

  app.post('/training/courses/:id/sessions/new', async (c) => {
    const actor = pageActor(c, 'training.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const parsed = validate(sessionBody, { date: str(form, 'date'), place: str(form, 'place'), trainerId: str(form, 'trainerId') }, lang);
    let errors = parsed.ok ? null : errorMap(parsed.details, undefined, { form, lang });
    if (parsed.ok) {
      try {
        const s = await training.createSession(c.get('deps'), requestContext(c), c.req.param('id'), parsed.data);
        return c.redirect(`/training/sessions/${s.id}?saved=session`, 303);
      } catch (err) {
        errors = serviceFieldErrors(err, lang);
        if (!errors) throw err;
      }
    }
    return sessionForm(c, c.req.param('id'), form, errors ?? {}, 400);
  });

  registerSessionPages(app);
}
