import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { addDays, ageInYears } from '../../server/calendar';
import { today } from '../../server/clock';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { childInScope } from '../../server/children/service';
import { listDiary, saveDiaryEntry } from '../../server/diary/service';
import { diaryEntrySchema, TRIGGERS } from '../../server/diary/schemas';
import { ginaControlLevel } from '../../server/followups/rules';
import { guardianChildIds } from '../../server/auth/me';
import { familyChildren } from '../../server/family-app/family';
import { RuleViolation } from '../../server/rule-violation';
import { t } from '../i18n';
import { addHomeSection } from '../home';
import { addNav, ErrorSummary } from '../layout';
import { DangerSigns, SavedDayNotice } from './danger-signs';
import { CheckField, errorsByPath, formBool, formList, formNumber, formText, SelectField, TextField, type FieldErrors, type FormValues } from '../forms';
import { pageActor, readForm, render, type PageContext } from '../render';
import { ChartBlock } from '../children/detail';

addNav('family.own', { href: '/diary', key: 'nav.diary' }, 1);

function toBody(v: FormValues) {
  return {
    daytimeSymptoms: formText(v, 'daytimeSymptoms'),
    symptomsOverFewMinutes: formBool(v, 'symptomsOverFewMinutes'),
    nightWaking: formBool(v, 'nightWaking'),
    nightCough: formBool(v, 'nightCough'),
    activityLimited: formBool(v, 'activityLimited'),
    relieverUses: formNumber(v, 'relieverUses') ?? 0,
    controllerTakenAm: formBool(v, 'controllerTakenAm'),
    controllerTakenPm: formBool(v, 'controllerTakenPm'),
    pefAm: formNumber(v, 'pefAm'),
    pefPm: formNumber(v, 'pefPm'),
    triggers: formList(v, 'triggers'),
    schoolAbsence: formBool(v, 'schoolAbsence'),
    unscheduledCare: formText(v, 'unscheduledCare') ?? 'none',
    ocsStarted: formBool(v, 'ocsStarted'),
    note: formText(v, 'note'),
    dangerSigns: formList(v, 'dangerSigns'),
  };
}

async function diaryPage(
  c: PageContext,
  childId: string,
  values: FormValues,
  errors: FieldErrors,
  messages: string[],
  status = 200,
  saved?: { date: string; zone: string | null; alerts: { level: string }[]; emergency?: { zh: string; en: string }; parentMessage: { zh: string; en: string } | null; pefZone: string | null; pefBasis: string | null },
) {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const child = await childInScope(deps.db, c.get('actor')!, childId);
  const todayDate = today(deps.clock);
  const diary = await listDiary(deps, requestContext(c), childId, addDays(todayDate, -27), todayDate);
  const byDate = new Map(diary.items.map((d) => [d.date, d]));
  const days = Array.from({ length: 28 }, (_, i) => addDays(todayDate, i - 27));
  const dateOptions = [0, 1, 2, 3].map((back) => addDays(todayDate, -back)).map((d) => ({ value: d, label: d }));
  const triggers = formList(values, 'triggers');
  return render(
    c,
    t(lang, 'diary.title'),
    <>
      <h1>{t(lang, 'diary.for', { name: child.name })}</h1>
      {saved ? (
        <div class="notice" role="status">
          <p>
            {t(lang, 'diary.saved', { date: saved.date })} {saved.zone ? t(lang, 'diary.zone', { zone: t(lang, `zone.${saved.zone}`) }) : null}
          </p>
          {saved.pefZone && saved.pefBasis ? <p class="muted">{t(lang, 'diary.pefZoneBasis', { zone: t(lang, `zone.${saved.pefZone}`), basis: t(lang, `diary.pefBasis.${saved.pefBasis}`) })}</p> : null}
          <SavedDayNotice lang={lang} emergency={saved.emergency} parentMessage={saved.parentMessage} urgent={saved.alerts.some((a) => a.level === 'urgent')} />
          {saved.zone ? (
            <p>
              <a href={`/app/plan/${childId}#zone-${saved.zone}`}>{t(lang, 'diary.planZone', { zone: t(lang, `zone.${saved.zone}`) })}</a>
            </p>
          ) : null}
        </div>
      ) : null}
      <ErrorSummary lang={lang} messages={messages} />
      <form method="post" action={`/diary/${childId}`} class="card" novalidate>
        <SelectField name="date" label={t(lang, 'diary.date')} values={values} errors={errors} options={dateOptions} />
        <DangerSigns lang={lang} checked={formList(values, 'dangerSigns')} />
        <SelectField name="daytimeSymptoms" label={t(lang, 'diary.daytimeSymptoms')} values={values} errors={errors} required options={['none', 'mild', 'moderate', 'severe'].map((s) => ({ value: s, label: t(lang, `diary.sym.${s}`) }))} />
        {(['symptomsOverFewMinutes', 'nightWaking', 'nightCough', 'activityLimited'] as const).map((k) => (
          <CheckField name={k} label={t(lang, `diary.${k}`)} values={values} errors={errors} />
        ))}
        <TextField name="relieverUses" type="number" inputmode="numeric" min={0} max={50} label={t(lang, 'diary.relieverUses')} values={values} errors={errors} />
        {(['controllerTakenAm', 'controllerTakenPm'] as const).map((k) => (
          <CheckField name={k} label={t(lang, `diary.${k}`)} values={values} errors={errors} />
        ))}
        <div class="grid">
          <TextField name="pefAm" type="number" inputmode="numeric" label={t(lang, 'diary.pefAm')} values={values} errors={errors} />
          <TextField name="pefPm" type="number" inputmode="numeric" label={t(lang, 'diary.pefPm')} values={values} errors={errors} />
        </div>
        <fieldset class="radios">
          <legend>{t(lang, 'diary.triggers')}</legend>
          {TRIGGERS.map((tr) => (
            <label class="check" for={`f-trigger-${tr}`}>
              <input id={`f-trigger-${tr}`} type="checkbox" name="triggers" value={tr} checked={triggers.includes(tr)} />
              {t(lang, `diary.trigger.${tr}`)}
            </label>
          ))}
        </fieldset>
        <CheckField name="schoolAbsence" label={t(lang, 'diary.schoolAbsence')} values={values} errors={errors} />
        <SelectField name="unscheduledCare" label={t(lang, 'diary.unscheduledCare')} values={values} errors={errors} options={['none', 'clinic', 'ed', 'admitted'].map((s) => ({ value: s, label: t(lang, `diary.care.${s}`) }))} />
        <CheckField name="ocsStarted" label={t(lang, 'diary.ocsStarted')} values={values} errors={errors} />
        <TextField name="note" label={t(lang, 'diary.note')} values={values} errors={errors} />
        <p>
          <button type="submit">{t(lang, 'diary.save')}</button>
        </p>
      </form>
      <section class="card">
        <h2>{t(lang, 'diary.calendar')}</h2>
        <ul class="calendar">
          {days.map((d) => {
            const e = byDate.get(d);
            const zone = e ? (e.pefZone ?? 'logged') : 'none';
            return (
              <li class={`day ${zone}`} title={e?.pefZone ? t(lang, `zone.${e.pefZone}`) : ''}>
                {d.slice(8)}
                {e?.pefZone ? (
                  <>
                    <br />
                    {t(lang, `zone.${e.pefZone}`)}
                  </>
                ) : e ? (
                  <>
                    <br />✓
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
        <p>{diary.derivedGina ? t(lang, 'diary.derivedGina', { days: diary.derivedGina.daysLogged, level: t(lang, `level.${ginaControlLevel(diary.derivedGina.answers)}`) }) : t(lang, 'diary.notEnough', { days: diary.items.length })}</p>
      </section>
      <section class="card">
        <h2>{t(lang, 'diary.chart')}</h2>
        <ChartBlock
          id="diary-pef"
          label={t(lang, 'diary.chart')}
          config={{
            type: 'line',
            data: {
              labels: diary.items.map((d) => d.date.slice(5)),
              datasets: [
                { label: t(lang, 'diary.chart.am'), data: diary.items.map((d) => d.pefAm), borderColor: '#0b6e99' },
                { label: t(lang, 'diary.chart.pm'), data: diary.items.map((d) => d.pefPm), borderColor: '#6a1b9a' },
                ...(child.personal_best_pef ? [{ label: t(lang, 'diary.chart.best80'), data: diary.items.map(() => child.personal_best_pef! * 0.8), borderColor: '#f2c200', pointRadius: 0 }] : []),
              ],
            },
          }}
        />
      </section>
    </>,
    { status, scripts: ['/static/vendor/chart.umd.js', '/static/charts.js'] },
  );
}

export function registerDiaryPages(app: Hono<AppEnv>): void {
  app.get('/diary', async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    const ids = await guardianChildIds(c.get('deps'), actor.id);
    if (ids.length === 1) return c.redirect(`/diary/${ids[0]}`, 303);
    return c.redirect('/', 303);
  });

  app.get('/diary/:id', async (c) => {
    const actor = pageActor(c, 'diary.keep');
    if (actor instanceof Response) return actor;
    const todayDate = today(c.get('deps').clock);
    const existing = (await listDiary(c.get('deps'), requestContext(c), c.req.param('id'), todayDate, todayDate)).items[0];
    const values: FormValues = existing
      ? {
          date: todayDate,
          daytimeSymptoms: existing.daytimeSymptoms,
          relieverUses: String(existing.relieverUses),
          pefAm: existing.pefAm?.toString(),
          pefPm: existing.pefPm?.toString(),
          triggers: existing.triggers,
          dangerSigns: existing.dangerSigns,
          unscheduledCare: existing.unscheduledCare,
          note: existing.note ?? undefined,
          ...Object.fromEntries((['symptomsOverFewMinutes', 'nightWaking', 'nightCough', 'activityLimited', 'controllerTakenAm', 'controllerTakenPm', 'schoolAbsence', 'ocsStarted'] as const).map((k) => [k, existing[k] ? 'on' : undefined])),
        }
      : { date: todayDate, daytimeSymptoms: 'none', relieverUses: '0', unscheduledCare: 'none' };
    return diaryPage(c, c.req.param('id'), values, {}, []);
  });

  app.post('/diary/:id', async (c) => {
    const actor = pageActor(c, 'diary.keep');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const id = c.req.param('id');
    const values = await readForm(c);
    const parsed = validate(diaryEntrySchema, toBody(values), lang);
    if (!parsed.ok)
      return diaryPage(
        c,
        id,
        values,
        errorsByPath(parsed.details),
        parsed.details.map((d) => d.message),
        400,
      );
    const date = formText(values, 'date') ?? today(c.get('deps').clock);
    try {
      const saved = await saveDiaryEntry(c.get('deps'), requestContext(c), id, date, parsed.data);
      return diaryPage(c, id, values, {}, [], 200, { date, zone: saved.zone, alerts: saved.alerts, emergency: saved.emergency, parentMessage: saved.parentMessage, pefZone: saved.pefZone, pefBasis: saved.pefBasis });
    } catch (err) {
      if (!(err instanceof RuleViolation)) throw err;
      const message = t(lang, `err.${err.code}`);
      return diaryPage(c, id, values, { date: message }, [message], 400);
    }
  });
}

addHomeSection(['parent'], 20, async (c) => {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const rows = await familyChildren(deps, requestContext(c));
  if (rows.length === 0) return <p>{t(lang, 'parent.noChildren')}</p>;
  const todayDate = today(deps.clock);
  return (
    <section class="card">
      <h2>{t(lang, 'parent.children')}</h2>
      <ul>
        {rows.map((r) => (
          <li>
            <a href={`/children/${r.id}`}>{r.name}</a> <span class="muted">{t(lang, 'children.years', { n: ageInYears(r.birthDate, todayDate) })}</span>
            {' · '}
            {r.loggedToday ? <span class="badge green">{t(lang, 'diary.loggedToday')}</span> : <span class="badge yellow">{t(lang, 'diary.notLoggedToday')}</span>}
            {' · '}
            {r.nextDue ? t(lang, 'parent.nextFollowUp', { date: r.nextDue }) : null}{' '}
            <a class="button" href={`/diary/${r.id}`}>
              {t(lang, 'parent.logDiary')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
});
