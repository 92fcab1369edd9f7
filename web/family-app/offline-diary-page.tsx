// The family app's diary page (works offline): the day's form, filled from what was logged, with
// the danger signs above it; the offline queue (offline-diary.js) saves it when there is no network.
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { addDays, ageInYears } from '../../server/calendar';
import { DIARY_MAX_DAYS_BACK, pefReference } from '../../server/followups/rules';
import { today } from '../../server/clock';
import { requestContext } from '../../server/http/route';
import { childInScope } from '../../server/children/service';
import { listDiary } from '../../server/diary/service';
import { TRIGGERS } from '../../server/diary/schemas';
import { t } from '../i18n';
import { CheckField, SelectField, TextField } from '../forms';
import { DangerSigns } from '../diary/danger-signs';
import { pageActor } from '../render';
import { appRender } from './parts';
import { dayFormValues, offeredDays } from './diary-state';

export function registerOfflineDiaryPage(app: Hono<AppEnv>): void {
  app.get('/app/diary/:id', async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const deps = c.get('deps');
    const id = c.req.param('id');
    const child = await childInScope(deps.db, actor, id);
    const todayDate = today(deps.clock);
    const dates = [0, 1, 2, 3].map((back) => addDays(todayDate, -back));
    const diary = await listDiary(deps, requestContext(c), id, dates[3], todayDate);
    const { entries, days } = offeredDays(diary.items, dates);
    // Today's entry fills the form: saving again updates the day rather than blanking it.
    const todayEntry = diary.items.find((e) => e.date === todayDate);
    const values = dayFormValues(todayDate, todayEntry);
    const reference = pefReference({ personalBest: child.personal_best_pef, sex: child.sex, heightCm: child.height_cm, ageYears: ageInYears(child.birth_date, todayDate) });
    const state = {
      entries,
      days,
      // The phone zones a day offline with the server's own rule and reference (/static/app/diary-zone.js).
      pefReference: reference.value,
      lang,
      account: actor.id,
      messages: {
        emergency: t(lang, 'diary.emergency'),
        redNow: t(lang, 'diary.redNow'),
        saved: t(lang, 'offline.saved'),
        queued: t(lang, 'offline.queued'),
        sending: t(lang, 'offline.sending'),
        signIn: t(lang, 'offline.signIn'),
        rejectedFields: t(lang, 'offline.rejectedFields'),
        rejectedDay: t(lang, 'offline.rejectedDay'),
        rejectedTooOld: t(lang, 'offline.rejectedTooOld', { days: DIARY_MAX_DAYS_BACK }),
        zoneLink: t(lang, 'offline.zoneLink'),
        daySaved: t(lang, 'offline.daySaved'),
        dayQueued: t(lang, 'offline.dayQueued'),
        queueOne: t(lang, 'offline.queueOne'),
        queueMany: t(lang, 'offline.queueMany'),
        conflictTitle: t(lang, 'offline.conflictTitle'),
        conflictText: t(lang, 'offline.conflictText'),
        keepMine: t(lang, 'offline.keepMine'),
        keepServer: t(lang, 'offline.keepServer'),
        keptServer: t(lang, 'offline.keptServer'),
        symptoms: t(lang, 'diary.daytimeSymptoms'),
        reliever: t(lang, 'offline.relieverUses'),
        pef: t(lang, 'offline.pef'),
        zone: t(lang, 'offline.zone'),
        updatedAt: t(lang, 'offline.updatedAt'),
        zones: { green: t(lang, 'zone.green'), yellow: t(lang, 'zone.yellow'), red: t(lang, 'zone.red') },
        symptomLevels: Object.fromEntries(['none', 'mild', 'moderate', 'severe'].map((s) => [s, t(lang, `diary.sym.${s}`)])),
      },
    };
    const none = {};
    return appRender(
      c,
      t(lang, 'diary.title'),
      <>
        <h1>{t(lang, 'diary.for', { name: child.name })}</h1>
        <p class="muted">{t(lang, 'offline.intro')}</p>
        <div id="diary-status" class="notice" role="status" aria-live="polite" hidden></div>
        <div id="diary-queue" class="notice" hidden>
          <p id="diary-queue-count"></p>
          <p>
            <button type="button" id="diary-upload-now">
              {t(lang, 'offline.uploadNow')}
            </button>
          </p>
        </div>
        <div id="diary-conflict" class="card errors" role="alert" hidden></div>
        <form id="offline-diary" method="post" action={`/diary/${id}`} class="card" data-child={id} data-plan={`/app/plan/${id}`} novalidate>
          <SelectField name="date" label={t(lang, 'diary.date')} values={values} errors={none} options={dates.map((d) => ({ value: d, label: d }))} />
          <p id="diary-day" class="muted" aria-live="polite" hidden={!todayEntry}>
            {todayEntry ? t(lang, 'offline.daySaved', { date: todayDate }) : null}
          </p>
          <DangerSigns lang={lang} checked={todayEntry?.dangerSigns ?? []} />
          <div id="diary-emergency" class="errors emergency" role="alert" hidden={!todayEntry?.dangerSigns.length}>
            {t(lang, 'diary.emergency')}
          </div>
          <SelectField name="daytimeSymptoms" label={t(lang, 'diary.daytimeSymptoms')} values={values} errors={none} required options={['none', 'mild', 'moderate', 'severe'].map((s) => ({ value: s, label: t(lang, `diary.sym.${s}`) }))} />
          {(['symptomsOverFewMinutes', 'nightWaking', 'nightCough', 'activityLimited'] as const).map((k) => (
            <CheckField name={k} label={t(lang, `diary.${k}`)} values={values} errors={none} />
          ))}
          <TextField name="relieverUses" type="number" inputmode="numeric" min={0} max={50} label={t(lang, 'diary.relieverUses')} values={values} errors={none} />
          {(['controllerTakenAm', 'controllerTakenPm'] as const).map((k) => (
            <CheckField name={k} label={t(lang, `diary.${k}`)} values={values} errors={none} />
          ))}
          <div class="grid">
            <TextField name="pefAm" type="number" inputmode="numeric" label={t(lang, 'diary.pefAm')} values={values} errors={none} />
            <TextField name="pefPm" type="number" inputmode="numeric" label={t(lang, 'diary.pefPm')} values={values} errors={none} />
          </div>
          <fieldset class="radios">
            <legend>{t(lang, 'diary.triggers')}</legend>
            {TRIGGERS.map((tr) => (
              <label class="check" for={`f-trigger-${tr}`}>
                <input id={`f-trigger-${tr}`} type="checkbox" name="triggers" value={tr} checked={todayEntry?.triggers.includes(tr)} />
                {t(lang, `diary.trigger.${tr}`)}
              </label>
            ))}
          </fieldset>
          <CheckField name="schoolAbsence" label={t(lang, 'diary.schoolAbsence')} values={values} errors={none} />
          <SelectField name="unscheduledCare" label={t(lang, 'diary.unscheduledCare')} values={values} errors={none} options={['none', 'clinic', 'ed', 'admitted'].map((s) => ({ value: s, label: t(lang, `diary.care.${s}`) }))} />
          <CheckField name="ocsStarted" label={t(lang, 'diary.ocsStarted')} values={values} errors={none} />
          <TextField name="note" label={t(lang, 'diary.note')} values={values} errors={none} />
          <p>
            <button type="submit">{t(lang, 'diary.save')}</button>
          </p>
        </form>
        <script type="application/json" id="diary-state" dangerouslySetInnerHTML={{ __html: JSON.stringify(state).replace(/</g, '\\u003c') }}></script>
        <p>
          <a href={`/diary/${id}`}>{t(lang, 'offline.fullDiary')}</a> · <a href={`/app/plan/${id}`}>{t(lang, 'app.planShort')}</a>
        </p>
      </>,
      { scripts: ['/static/app/diary-zone.js', '/static/app/offline-diary.js'] },
    );
  });
}
