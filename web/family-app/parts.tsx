// Shared pieces of the family app's pages: the installable-app head and the printable plan sheet.
import type { Lang } from '../../server/context';
import type { ActionPlanView } from '../../server/family-app/plans';
import { ZONES } from '../../server/family-app/plan-rules';
import type { RedZoneSchedule } from '../../server/family-app/plan-schedule';
import { t } from '../i18n';
import { render, type PageContext } from '../render';

export const APP_SCRIPTS = ['/static/app/register-sw.js'];

/** A family-app page: the service worker's script and the installable-app head, plus the page's own scripts. */
export const appRender = (c: PageContext, title: string, body: Parameters<typeof render>[2], opts: { status?: number; scripts?: string[] } = {}) =>
  render(c, title, body, { ...opts, scripts: [...APP_SCRIPTS, ...(opts.scripts ?? [])], head: <AppHead lang={c.get('lang')} /> });

/** Manifest, theme colour and home-screen icons: what makes the pages an installable app. */
export function AppHead(props: { lang: Lang }) {
  return (
    <>
      <link rel="manifest" href="/manifest.webmanifest" />
      <meta name="theme-color" content="#0b6e99" />
      <meta name="mobile-web-app-capable" content="yes" />
      <meta name="apple-mobile-web-app-capable" content="yes" />
      <meta name="apple-mobile-web-app-title" content={t(props.lang, 'app.shortName')} />
      <link rel="icon" type="image/svg+xml" href="/static/app/icon.svg" />
      <link rel="apple-touch-icon" href="/app/icon-180.png" />
    </>
  );
}

/** A label in the page language, or Chinese with the English alongside for the bilingual print. */
export const labeller =
  (lang: Lang, both: boolean) =>
  (key: string, params: Record<string, string | number> = {}) =>
    both ? `${t('zh', key, params)} / ${t('en', key, params)}` : t(lang, key, params);

/**
 * Text the plan stores as written. When it is still the standard wording (a first plan starts from
 * it, in the clinician's language), it is shown in the page's language like any label; a
 * clinician's own words are shown as written.
 */
const standard = (L: ReturnType<typeof labeller>, key: string, stored: string): string => (stored.trim() === t('zh', key) || stored.trim() === t('en', key) ? L(key) : stored);

function pefRange(plan: ActionPlanView, zone: (typeof ZONES)[number], L: ReturnType<typeof labeller>): string | null {
  const th = plan.pefThresholds;
  if (!th) return null;
  if (zone === 'green') return L('plan.pef.green', { min: th.green.min });
  if (zone === 'yellow') return L('plan.pef.yellow', { min: th.yellow.min, max: th.yellow.max });
  return L('plan.pef.red', { max: th.red.max });
}

/**
 * The red zone's reliever in words, first in the red zone: what a parent or teacher does at once.
 * An older plan without numbers shows the standard advice under a label that says so.
 */
export function RedZoneReliever(props: { lang: Lang; schedule: RedZoneSchedule; both?: boolean }) {
  const { schedule: s } = props;
  const langs: Lang[] = props.both ? ['zh', 'en'] : [props.lang];
  return (
    <div class="errors red-schedule" id="red-schedule">
      {langs.map((lang) => (
        <p lang={lang === 'zh' ? 'zh-CN' : 'en'}>
          {s.standard ? <>{t(lang, 'plan.schedule.standard')} </> : null}
          <strong>{s.text[lang]}</strong>
        </p>
      ))}
    </div>
  );
}

/** The plan in the CCAAP green / yellow / red form; the nurse's summary shows relievers only. */
export function PlanSheet(props: { lang: Lang; plan: ActionPlanView; both?: boolean }) {
  const { plan } = props;
  const L = labeller(props.lang, props.both ?? false);
  return (
    <article class="plan-sheet">
      <header class="plan-head">
        <h1>
          {L('plan.title')} · {plan.childName}
        </h1>
        <p class="muted">
          {L('plan.version', { version: plan.version, date: plan.createdAt.slice(0, 10) })}
          {plan.personalBestPef ? ` · ${L('plan.personalBest', { pef: plan.personalBestPef })}` : ''}
        </p>
        {plan.summaryOnly ? <p class="notice">{L('plan.summaryOnly')}</p> : null}
      </header>
      {ZONES.map((zone) => {
        const z = plan.zones[zone];
        const range = pefRange(plan, zone, L);
        return (
          <section id={`zone-${zone}`} class={`card zone zone-${zone}`}>
            <h2>
              <span class={`badge ${zone}`}>{L(`plan.zone.${zone}`)}</span> {L(`plan.zone.${zone}.meaning`)}
            </h2>
            <h3>{L('plan.signs')}</h3>
            <p class="prewrap">{standard(L, `plan.default.${zone}.signs`, z.signs)}</p>
            {range ? (
              <p>
                <strong>{L('plan.pef')}</strong> {range}
              </p>
            ) : null}
            <h3>{L('plan.give')}</h3>
            {zone === 'red' ? <RedZoneReliever lang={props.lang} schedule={plan.relieverSchedule} both={props.both} /> : null}
            {z.medicines.length ? (
              <table>
                <thead>
                  <tr>
                    <th>{L('plan.med.role')}</th>
                    <th>{L('plan.med.name')}</th>
                    <th>{L('plan.med.dose')}</th>
                  </tr>
                </thead>
                <tbody>
                  {z.medicines.map((m) => (
                    <tr>
                      <td>{L(`plan.role.${m.role}`)}</td>
                      <td>{m.name}</td>
                      <td>{m.dose}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="muted">{L('plan.noMedicine')}</p>
            )}
            {z.actions ? <p class="prewrap">{standard(L, `plan.default.${zone}.actions`, z.actions)}</p> : null}
            {zone === 'yellow' ? (
              <p>
                <strong>{L('plan.callDoctor')}</strong> {standard(L, 'plan.default.callDoctor', plan.callDoctorWhen)}
              </p>
            ) : null}
            {zone === 'red' ? (
              <p class="errors">
                <strong>{L('plan.call120')}</strong> {standard(L, 'plan.default.call120', plan.call120When)}
              </p>
            ) : null}
          </section>
        );
      })}
      <section class="card">
        <h2>{L('plan.reliever')}</h2>
        <ul>
          {[...new Set(plan.reliever.map((m) => m.name))].map((name) => (
            <li>{name}</li>
          ))}
        </ul>
        <p class="muted">{L('plan.relieverHint')}</p>
        <h2>{L('plan.contacts')}</h2>
        <ul>
          {plan.contacts.map((c) => (
            <li>
              {standard(L, 'plan.default.emergencyName', c.name)}
              {c.relation ? (props.lang === 'en' && !props.both ? ` (${c.relation})` : `（${c.relation}）`) : ''}: <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a>
            </li>
          ))}
        </ul>
        <p>
          <strong>{L('plan.emergency')}</strong>
        </p>
        {plan.note ? (
          <>
            <h2>{L('plan.note')}</h2>
            <p class="prewrap">{plan.note}</p>
          </>
        ) : null}
      </section>
      <p class="muted">{L('plan.disclaimer')}</p>
    </article>
  );
}
