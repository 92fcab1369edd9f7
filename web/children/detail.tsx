import type { Hono } from 'hono';
import type { AppEnv, Lang } from '../../server/context';
import { addDays, ageInYears } from '../../server/calendar';
import { today } from '../../server/clock';
import { requestContext } from '../../server/http/route';
import { getChild } from '../../server/children/service';
import { listFollowUps, type FollowUpItem } from '../../server/followups/service';
import { listDiary, acknowledgeAlert, type DiaryList } from '../../server/diary/service';
import { dueReasonText } from '../../server/followups/due-text';
import { t } from '../i18n';
import { reasonLabel } from '../referrals/parts';
import { pageActor, render } from '../render';
import { childPageSections } from './sections';
import { organisationName } from '../../server/reference/service';

const CHART_SCRIPTS = ['/static/vendor/chart.umd.js', '/static/charts.js'];

/** Embeds chart.js config as JSON in the page; the CSP forbids inline script, charts.js draws it. */
export function ChartBlock(props: { id: string; label: string; config: unknown }) {
  return (
    <div class="chart-box">
      <canvas data-chart={props.id} role="img" aria-label={props.label}></canvas>
      <script type="application/json" id={props.id} dangerouslySetInnerHTML={{ __html: JSON.stringify(props.config).replace(/</g, '\\u003c') }}></script>
    </div>
  );
}

const ginaScore = { well: 0, partly: 1, uncontrolled: 2 } as const;

function scoreChart(lang: Lang, followUps: FollowUpItem[]) {
  const rows = [...followUps].reverse();
  return {
    type: 'line',
    data: {
      labels: rows.map((f) => f.date),
      datasets: [
        { label: t(lang, 'child.chart.score'), data: rows.map((f) => f.score), borderColor: '#0b6e99', yAxisID: 'y' },
        { label: 'GINA', data: rows.map((f) => ginaScore[f.ginaLevel]), borderColor: '#c62828', stepped: true, yAxisID: 'y1' },
      ],
    },
    options: {
      scales: {
        y: { beginAtZero: true, title: { display: true, text: t(lang, 'child.chart.scoreAxis') } },
        y1: { position: 'right', min: 0, max: 2, ticks: { stepSize: 1 }, title: { display: true, text: t(lang, 'child.chart.ginaAxis') } },
      },
    },
  };
}

function pefChart(lang: Lang, diary: DiaryList['items'], best: number | null) {
  const labels = diary.map((d) => d.date.slice(5));
  const datasets: unknown[] = [
    { label: t(lang, 'child.chart.am'), data: diary.map((d) => d.pefAm), borderColor: '#0b6e99' },
    { label: t(lang, 'child.chart.pm'), data: diary.map((d) => d.pefPm), borderColor: '#6a1b9a' },
  ];
  if (best) {
    // Zone boundaries drawn as filled bands: red below 50 %, yellow 50-80 %, green above.
    datasets.push(
      { label: t(lang, 'child.chart.red'), data: labels.map(() => best * 0.5), borderColor: 'rgba(198,40,40,.6)', backgroundColor: 'rgba(198,40,40,.12)', fill: 'origin', pointRadius: 0 },
      { label: t(lang, 'child.chart.yellow'), data: labels.map(() => best * 0.8), borderColor: 'rgba(242,194,0,.8)', backgroundColor: 'rgba(242,194,0,.15)', fill: '-1', pointRadius: 0 },
      { label: t(lang, 'child.chart.best'), data: labels.map(() => best), borderColor: 'rgba(46,125,50,.8)', backgroundColor: 'rgba(46,125,50,.10)', fill: '-1', pointRadius: 0 },
    );
  }
  return { type: 'line', data: { labels, datasets }, options: { scales: { y: { beginAtZero: true } } } };
}

/** What was checked and taught at the visit, in words; an unticked box means "not confirmed", not "bad". */
function FollowUpChecks(props: { lang: Lang; f: FollowUpItem }) {
  const { lang, f } = props;
  const word = (v: boolean | null, yes: string, no: string) => t(lang, v === null ? 'child.check.notRecorded' : v ? yes : no);
  return (
    <ul class="checks">
      <li>{t(lang, 'child.check.item', { name: t(lang, 'child.check.technique'), value: word(f.inhalerTechniqueOk, 'child.check.good', 'child.check.notGood') })}</li>
      <li>{t(lang, 'child.check.item', { name: t(lang, 'child.check.adherence'), value: word(f.adherenceOk, 'child.check.good', 'child.check.notGood') })}</li>
      <li>{t(lang, 'child.check.item', { name: t(lang, 'child.check.plan'), value: word(f.actionPlanGiven, 'child.check.given', 'child.check.notGiven') })}</li>
      {f.treatmentChanged ? <li>{t(lang, 'child.check.treatmentChanged')}</li> : null}
    </ul>
  );
}

export function registerChildDetailPages(app: Hono<AppEnv>): void {
  app.get('/children/:id', async (c) => {
    const actor = pageActor(c, 'children.read');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const deps = c.get('deps');
    const ctx = requestContext(c);
    const id = c.req.param('id');
    const child = await getChild(deps, ctx, id);
    const [followUps, diary, centre, school] = await Promise.all([
      listFollowUps(deps, ctx, id),
      listDiary(deps, ctx, id, addDays(today(deps.clock), -27), today(deps.clock)),
      organisationName(deps, { centerId: child.centerId }),
      child.schoolId ? organisationName(deps, { schoolId: child.schoolId }) : Promise.resolve(null),
    ]);
    const saved = c.req.query('saved');
    const savedFu = saved ? followUps.find((f) => f.id === saved) : undefined;
    const age = ageInYears(child.birthDate, today(deps.clock));
    const isClinician = actor.role === 'clinician' || actor.role === 'admin';
    const extra = await childPageSections(c, actor, id);
    return render(
      c,
      child.name,
      <>
        <h1>
          {child.name}{' '}
          <span class="muted">
            {t(lang, `child.sex.${child.sex}`)} · {t(lang, 'children.years', { n: age })}
          </span>
        </h1>
        {saved === 'enrolled' ? (
          <div class="notice" role="status">
            <p>{t(lang, 'child.enrolled')}</p>
          </div>
        ) : null}
        {savedFu ? (
          <p class="notice result" role="status">
            {t(lang, 'child.saved', {
              instrument: savedFu.instrument ?? '',
              score: savedFu.score ?? '',
              band: savedFu.scoreBand ? t(lang, `band.${savedFu.scoreBand}`) : '',
              level: t(lang, `level.${savedFu.ginaLevel}`),
              due: child.nextDue?.date ?? '—',
            })}
          </p>
        ) : null}
        {isClinician && child.status === 'active' ? (
          <p>
            <a class="button" href={`/children/${id}/follow-ups/new`}>
              {t(lang, 'child.logFollowUp')}
            </a>{' '}
            <a class="button secondary" href={`/api/v1/children/${id}/export`}>
              {t(lang, 'child.export')}
            </a>
          </p>
        ) : null}
        {actor.role === 'parent' ? (
          <p>
            <a class="button" href={`/app/diary/${id}`}>
              {t(lang, 'parent.logDiary')}
            </a>{' '}
            <a class="button secondary" href={`/app/plan/${id}`}>
              {t(lang, 'app.planShort')}
            </a>
          </p>
        ) : null}
        <div class="grid">
          <section class="card">
            <h2>{t(lang, 'child.latest')}</h2>
            {child.latest ? (
              <dl class="facts">
                <dt>{t(lang, 'fu.date')}</dt>
                <dd>{child.latest.date}</dd>
                <dt>{child.latest.instrument}</dt>
                <dd>
                  {child.latest.score} {child.latest.scoreBand ? <span class={`badge ${child.latest.scoreBand}`}>{t(lang, `band.${child.latest.scoreBand}`)}</span> : null}
                </dd>
                <dt>GINA</dt>
                <dd>
                  <span class={`badge ${child.latest.ginaLevel}`}>{t(lang, `level.${child.latest.ginaLevel}`)}</span>
                </dd>
              </dl>
            ) : (
              <p>{t(lang, 'child.noFollowUps')}</p>
            )}
            <h2>{t(lang, 'child.nextDue')}</h2>
            {child.nextDue ? (
              <p>
                {child.nextDue.date} {child.nextDue.overdue ? <span class="badge overdue">{t(lang, 'children.overdue')}</span> : null}
                <br />
                <span class="muted">{dueReasonText(child.nextDue.detail ? JSON.stringify(child.nextDue.detail) : null, lang)}</span>
              </p>
            ) : (
              <p>—</p>
            )}
            {/* Prompts and rule codes are for clinicians; a parent's page says what they can do. */}
            {isClinician && child.flags.length ? (
              <>
                <h2>{t(lang, 'child.flags')}</h2>
                <ul>
                  {child.flags.map((f) => (
                    <li>{t(lang, `child.flag.${f}`, { criteria: child.referralCriteria.map((code) => reasonLabel(lang, code)).join('；') })}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
          <section class="card">
            <h2>{t(lang, 'child.identity')}</h2>
            <dl class="facts">
              <dt>{t(lang, 'child.birthDate')}</dt>
              <dd>{child.birthDate}</dd>
              <dt>{t(lang, 'child.heightCm')}</dt>
              <dd>{child.heightCm ?? '—'}</dd>
              <dt>{t(lang, 'child.personalBestPef')}</dt>
              <dd>{child.personalBestPef ?? '—'}</dd>
              <dt>{t(lang, 'child.school')}</dt>
              <dd>{school?.name ?? '—'}</dd>
              <dt>{t(lang, 'child.centre')}</dt>
              <dd>{centre ? (lang === 'en' ? centre.nameEn : centre.name) : '—'}</dd>
              <dt>{t(lang, 'child.enrolledOn')}</dt>
              <dd>
                {child.enrolledOn} · {t(lang, `children.status.${child.status}`)}
              </dd>
              {child.guardian ? (
                <>
                  <dt>{t(lang, 'child.guardian')}</dt>
                  <dd>{t(lang, 'child.guardianLine', { name: child.guardian.name, relation: child.guardian.relation, phone: child.guardian.phone })}</dd>
                </>
              ) : null}
              <dt>{t(lang, 'child.consent')}</dt>
              <dd>
                {child.consent.givenBy} · {child.consent.date} · {child.consent.noticeVersion}
              </dd>
            </dl>
          </section>
        </div>
        {isClinician && child.openAlerts.length ? (
          <section class="card">
            <h2>{t(lang, 'child.alerts')}</h2>
            <ul>
              {child.openAlerts.map((a) => (
                <li>
                  <span class={`badge ${a.level}`}>{t(lang, `alert.${a.level}`)}</span> {a.date} {t(lang, `alert.${a.kind}`)}{' '}
                  <form method="post" action={`/children/${id}/alerts/${a.id}/acknowledge`} class="inline">
                    <button type="submit" class="secondary">
                      {t(lang, 'child.acknowledge')}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {extra}
        <div class="grid">
          <section class="card">
            <h2>{t(lang, 'child.chart.scores')}</h2>
            {followUps.some((f) => f.score !== null) ? <ChartBlock id="chart-scores" label={t(lang, 'child.chart.scores')} config={scoreChart(lang, followUps)} /> : <p class="muted no-data">{t(lang, 'child.chart.noScores')}</p>}
          </section>
          <section class="card">
            <h2>{t(lang, 'child.chart.pef')}</h2>
            {diary.items.some((d) => d.pefAm !== null || d.pefPm !== null) ? (
              <ChartBlock id="chart-pef" label={t(lang, 'child.chart.pef')} config={pefChart(lang, diary.items, child.personalBestPef)} />
            ) : (
              <p class="muted no-data">{t(lang, 'child.chart.noPef')}</p>
            )}
          </section>
        </div>
        {actor.role === 'parent' ? (
          <p class="muted">
            {t(lang, 'parent.exportHint')} <a href={`/api/v1/children/${id}/export`}>{t(lang, 'parent.export')}</a>
          </p>
        ) : null}
        <section class="card">
          <h2>{t(lang, 'child.history')}</h2>
          {followUps.length === 0 ? (
            <p>{t(lang, 'child.noFollowUps')}</p>
          ) : (
            <div class="table-wrap">
              {/* table.stack: one card per follow-up on a phone, each cell naming its column (app.css). */}
              <table class="stack">
                <thead>
                  <tr>
                    <th>{t(lang, 'fu.date')}</th>
                    <th>{t(lang, 'fu.mode')}</th>
                    <th>{t(lang, 'child.col.questionnaire')}</th>
                    <th>GINA</th>
                    <th>{t(lang, 'fu.exacerbations')}</th>
                    <th>{t(lang, 'fu.pef')}</th>
                    <th>{t(lang, 'fu.ginaStep')}</th>
                    <th>{t(lang, 'child.col.checks')}</th>
                    {isClinician ? <th>{t(lang, 'child.col.note')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {followUps.map((f) => (
                    <tr>
                      <td data-label={t(lang, 'fu.date')}>{f.date}</td>
                      <td data-label={t(lang, 'fu.mode')}>{t(lang, `fu.mode.${f.mode}`)}</td>
                      <td data-label={t(lang, 'child.col.questionnaire')}>
                        {f.instrument} {f.score}
                        {f.scoreBand ? (
                          <>
                            {' '}
                            <span class={`badge ${f.scoreBand}`}>{t(lang, `band.${f.scoreBand}`)}</span>
                          </>
                        ) : null}
                      </td>
                      <td data-label="GINA">
                        <span class={`badge ${f.ginaLevel}`}>{t(lang, `level.${f.ginaLevel}`)}</span>
                      </td>
                      <td data-label={t(lang, 'fu.exacerbations')}>{f.exacerbations.ocsCourses + f.exacerbations.edVisits + f.exacerbations.admissions || '—'}</td>
                      <td data-label={t(lang, 'fu.pef')}>
                        {f.pef ?? '—'}
                        {f.pefZone ? (
                          <>
                            {' '}
                            <span class={`badge ${f.pefZone}`}>{t(lang, `zone.${f.pefZone}`)}</span>
                          </>
                        ) : null}
                      </td>
                      <td data-label={t(lang, 'fu.ginaStep')}>{f.ginaStep ?? '—'}</td>
                      <td data-label={t(lang, 'child.col.checks')}>
                        <FollowUpChecks lang={lang} f={f} />
                      </td>
                      {isClinician ? (
                        <td data-label={t(lang, 'child.col.note')} class="note">
                          {f.note ?? '—'}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </>,
      { wide: true, scripts: CHART_SCRIPTS },
    );
  });

  app.post('/children/:id/alerts/:alertId/acknowledge', async (c) => {
    const actor = pageActor(c, 'children.manage');
    if (actor instanceof Response) return actor;
    await acknowledgeAlert(c.get('deps'), requestContext(c), c.req.param('alertId'));
    return c.redirect(`/children/${c.req.param('id')}`, 303);
  });
}
