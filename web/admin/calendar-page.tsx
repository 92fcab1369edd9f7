// The admin's working-day calendar (safety rules v2, 8.4): public holidays and make-up working
// days for the 2-working-day review after an emergency visit. Works without JavaScript.
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { calendarDayBody, calendarDayParams, listCalendarDays, removeCalendarDay, setCalendarDay } from '../../server/reference/calendar';
import { today } from '../../server/clock';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { errorsByPath, formText, SelectField, TextField, type FieldErrors, type FormValues } from '../forms';
import { pageActor, readForm, render, type PageContext } from '../render';

async function calendarPage(c: PageContext, values: FormValues, errors: FieldErrors, messages: string[], status = 200, saved?: string) {
  const lang = c.get('lang');
  const year = Number(today(c.get('deps').clock).slice(0, 4));
  const { items } = await listCalendarDays(c.get('deps'));
  const upcoming = items.filter((d) => Number(d.date.slice(0, 4)) >= year - 1);
  return render(
    c,
    t(lang, 'nav.calendar'),
    <>
      <h1>{t(lang, 'nav.calendar')}</h1>
      <p class="muted">{t(lang, 'calendar.intro')}</p>
      {saved ? (
        <div class="notice" role="status">
          <p>{saved}</p>
        </div>
      ) : null}
      <ErrorSummary lang={lang} messages={messages} />
      <form method="post" action="/admin/calendar" class="card" novalidate>
        <h2>{t(lang, 'calendar.add')}</h2>
        <TextField name="date" type="date" label={t(lang, 'calendar.date')} values={values} errors={errors} required />
        <SelectField
          name="kind"
          label={t(lang, 'calendar.kind')}
          values={values}
          errors={errors}
          required
          options={[
            { value: 'holiday', label: t(lang, 'calendar.kind.holiday') },
            { value: 'workday', label: t(lang, 'calendar.kind.workday') },
          ]}
        />
        <TextField name="name" label={t(lang, 'calendar.name')} values={values} errors={errors} required />
        <p>
          <button type="submit">{t(lang, 'form.save')}</button>
        </p>
      </form>
      <section class="card">
        <h2>{t(lang, 'calendar.list')}</h2>
        {upcoming.length === 0 ? (
          <p class="muted">{t(lang, 'calendar.empty')}</p>
        ) : (
          <ul class="plain">
            {upcoming.map((d) => (
              <li>
                <strong>{d.date}</strong> · {t(lang, `calendar.kind.${d.kind}`)} · {d.name} <a href={`/admin/calendar/${d.date}/delete`}>{t(lang, 'calendar.remove', { date: d.date })}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>,
    { status },
  );
}

export function registerCalendarPage(app: Hono<AppEnv>): void {
  app.get('/admin/calendar', async (c) => {
    const actor = pageActor(c, 'reference.manage');
    if (actor instanceof Response) return actor;
    return calendarPage(c, { kind: 'holiday' }, {}, []);
  });
  app.post('/admin/calendar', async (c) => {
    const actor = pageActor(c, 'reference.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const values = await readForm(c);
    const date = validate(calendarDayParams, { date: formText(values, 'date') }, lang);
    const body = validate(calendarDayBody, { kind: formText(values, 'kind'), name: formText(values, 'name') }, lang);
    const details = [...(date.ok ? [] : date.details), ...(body.ok ? [] : body.details)];
    if (!date.ok || !body.ok)
      return calendarPage(
        c,
        values,
        errorsByPath(details),
        details.map((d) => d.message),
        400,
      );
    await setCalendarDay(c.get('deps'), requestContext(c), date.data.date, body.data);
    return calendarPage(c, { kind: 'holiday' }, {}, [], 200, t(lang, 'calendar.saved', { date: date.data.date }));
  });
  // Removing a day changes every review date computed afterwards, so it is asked on a page of its own.
  app.get('/admin/calendar/:date/delete', async (c) => {
    const actor = pageActor(c, 'reference.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const date = validate(calendarDayParams, { date: c.req.param('date') }, lang);
    const day = date.ok ? (await listCalendarDays(c.get('deps'))).items.find((d) => d.date === date.data.date) : undefined;
    if (!day) return c.redirect('/admin/calendar', 303);
    const question = t(lang, 'calendar.removeQuestion', { date: day.date, name: day.name });
    return render(
      c,
      question,
      <>
        <p>
          <a href="/admin/calendar">← {t(lang, 'nav.calendar')}</a>
        </p>
        <h1>{question}</h1>
        <p>{t(lang, `calendar.removeEffect.${day.kind}`)}</p>
        <form method="post" action={`/admin/calendar/${day.date}/delete`} class="card">
          <input type="hidden" name="confirm" value="yes" />
          <p class="actions">
            <button type="submit">{t(lang, 'calendar.removeConfirm')}</button>{' '}
            <a class="button secondary" href="/admin/calendar">
              {t(lang, 'form.cancel')}
            </a>
          </p>
        </form>
      </>,
    );
  });
  app.post('/admin/calendar/:date/delete', async (c) => {
    const actor = pageActor(c, 'reference.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const date = validate(calendarDayParams, { date: c.req.param('date') }, lang);
    if (!date.ok) return c.redirect('/admin/calendar', 303);
    // Without the confirmation page's answer nothing is removed: the question is asked first.
    if (formText(await readForm(c), 'confirm') !== 'yes') return c.redirect(`/admin/calendar/${date.data.date}/delete`, 303);
    await removeCalendarDay(c.get('deps'), requestContext(c), date.data.date);
    return calendarPage(c, { kind: 'holiday' }, {}, [], 200, t(lang, 'calendar.removed', { date: date.data.date }));
  });
}
