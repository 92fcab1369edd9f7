// The district's list of schools and a school's own page: grade, score history, open actions, alerts.
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { requestContext } from '../../server/http/route';
import * as schools from '../../server/schools/service';
import { t } from '../i18n';
import { pageActor, render, safeBack } from '../render';
import { actionUpdate } from '../../server/schools/schemas';
import { validate } from '../../server/http/validation';
import { readForm } from '../render';
import { ActionTable, AlertList, CHART_SCRIPTS, CapExplanation, ChartData, GradeBadge, str } from './parts';
import { SCHOOL_GRADE_FILTERS, SCHOOLS_PER_PAGE, schoolsOverviewQuery } from '../../server/schools/schemas';
import { DISTRICTS } from '../../server/asthma-index/rules/districts';
import { ErrorSummary } from '../layout';
import { errorsByPath, SelectField, TextField } from '../forms';

export function registerSchoolOverviewPages(app: Hono<AppEnv>): void {
  app.get('/schools', async (c) => {
    const actor = pageActor(c, 'schools.read');
    if (actor instanceof Response) return actor;
    if (actor.role === 'nurse' && actor.schoolId) return c.redirect(`/schools/${actor.schoolId}`, 303);
    const lang = c.get('lang');
    const values = c.req.query();
    // A district has hundreds of schools and the city thousands: filter, then 50 to a page.
    const parsed = validate(schoolsOverviewQuery, values, lang);
    const filter = parsed.ok ? parsed.data : schoolsOverviewQuery.parse({});
    const { date, items: all } = await schools.schoolsOverview(c.get('deps'), requestContext(c));
    const { inArea, shown } = schools.filterSchoolsOverview(all, filter);
    const pages = Math.max(1, Math.ceil(shown.length / SCHOOLS_PER_PAGE));
    const pageNo = Math.min(filter.page, pages);
    const items = shown.slice((pageNo - 1) * SCHOOLS_PER_PAGE, pageNo * SCHOOLS_PER_PAGE);
    const pageLink = (n: number) =>
      `/schools?${new URLSearchParams({ ...(filter.q ? { q: filter.q } : {}), ...(filter.district ? { district: filter.district } : {}), ...(filter.grade ? { grade: filter.grade } : {}), page: String(n) }).toString()}`;
    const districtsWithSchools = DISTRICTS.filter((d) => all.some((s) => s.district === d.code));
    const grades = ['A', 'B', 'C', 'D'].map((g) => inArea.filter((s) => s.latest?.grade === g).length);
    const chart = {
      type: 'bar',
      data: {
        labels: ['A', 'B', 'C', 'D', t(lang, 'schools.notAssessed')],
        datasets: [{ label: t(lang, 'schools.overview.schools'), data: [...grades, inArea.filter((s) => !s.latest).length], backgroundColor: ['#2e7d32', '#1565c0', '#f2c200', '#c62828', '#9aa6b2'] }],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    };
    return render(
      c,
      t(lang, 'schools.overview.title'),
      <>
        <h1>{t(lang, 'schools.overview.title')}</h1>
        <p class="muted">
          {t(lang, 'common.dataAsOf')} {date}
        </p>
        <ErrorSummary lang={lang} messages={parsed.ok ? [] : parsed.details.map((d) => d.message)} />
        <form method="get" action="/schools" class="card">
          <TextField name="q" label={t(lang, 'schools.overview.search')} values={values} errors={parsed.ok ? {} : errorsByPath(parsed.details)} />
          <div class="grid">
            <SelectField
              name="district"
              label={t(lang, 'schools.overview.district')}
              values={values}
              errors={parsed.ok ? {} : errorsByPath(parsed.details)}
              options={[{ value: '', label: t(lang, 'schools.overview.anyDistrict') }, ...districtsWithSchools.map((d) => ({ value: d.code, label: d.name[lang] }))]}
            />
            <SelectField
              name="grade"
              label={t(lang, 'schools.latestGrade')}
              values={values}
              errors={parsed.ok ? {} : errorsByPath(parsed.details)}
              options={[{ value: '', label: t(lang, 'schools.overview.anyGrade') }, ...SCHOOL_GRADE_FILTERS.map((g) => ({ value: g, label: g === 'none' ? t(lang, 'schools.notAssessed') : g }))]}
            />
          </div>
          <p>
            <button type="submit">{t(lang, 'form.search')}</button>
          </p>
        </form>
        <section class="card">
          <h2>{t(lang, 'schools.overview.grades')}</h2>
          <div class="chart-box">
            <canvas data-chart="grade-chart" aria-label={t(lang, 'schools.overview.grades')} role="img"></canvas>
          </div>
          <ChartData id="grade-chart" config={chart} />
        </section>
        <p>
          {t(lang, 'schools.overview.count', { n: shown.length })}
          {pages > 1 ? <> · {t(lang, 'schools.overview.pageOf', { page: pageNo, pages })}</> : null}
        </p>
        {items.length === 0 ? (
          <p>{t(lang, 'schools.overview.none')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t(lang, 'schools.school')}</th>
                  <th>{t(lang, 'schools.latestGrade')}</th>
                  <th>{t(lang, 'schools.score')}</th>
                  <th>{t(lang, 'schools.reassessBy')}</th>
                  <th>{t(lang, 'schools.overview.alerts')}</th>
                  <th>{t(lang, 'schools.openActions')}</th>
                  <th>{t(lang, 'schools.action.escalated')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr>
                    <td>
                      <a href={`/schools/${s.id}`}>{s.name}</a>
                      <br />
                      <span class="muted">
                        {t(lang, `schools.kind.${s.kind}`)} · {t(lang, 'schools.pupilsN', { n: s.pupils })}
                      </span>
                    </td>
                    <td>
                      <GradeBadge grade={s.latest?.grade} lang={lang} />
                    </td>
                    <td>{s.latest ? `${s.latest.score.toFixed(1)} (${s.latest.date})` : '—'}</td>
                    <td>
                      {s.latest?.reassessBy ?? '—'}
                      {s.reassessOverdue ? (
                        <>
                          {' '}
                          <span class="badge overdue">{t(lang, 'schools.overdue')}</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      {s.alerts.expired ? <span class="badge red">{t(lang, 'schools.overview.expired', { n: s.alerts.expired })}</span> : null}{' '}
                      {s.alerts.expiring ? <span class="badge yellow">{t(lang, 'schools.overview.expiring', { n: s.alerts.expiring })}</span> : null}{' '}
                      {s.alerts.lowDoses ? <span class="badge yellow">{t(lang, 'schools.overview.low', { n: s.alerts.lowDoses })}</span> : null}{' '}
                      {s.alerts.checkOverdue ? <span class="badge overdue">{t(lang, 'schools.overview.checks', { n: s.alerts.checkOverdue })}</span> : null}
                    </td>
                    <td>{s.openActions}</td>
                    <td>{s.escalated ? <span class="badge overdue">{s.escalated}</span> : '0'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? (
          <p class="pager">
            {pageNo > 1 ? <a href={pageLink(pageNo - 1)}>{t(lang, 'common.previous')}</a> : null} {pageNo < pages ? <a href={pageLink(pageNo + 1)}>{t(lang, 'common.next')}</a> : null}
          </p>
        ) : null}
      </>,
      { wide: true, scripts: CHART_SCRIPTS, status: parsed.ok ? 200 : 400 },
    );
  });

  app.get('/schools/:id', async (c) => {
    const actor = pageActor(c, 'schools.read');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const s = await schools.schoolSummary(c.get('deps'), requestContext(c), c.req.param('id'));
    // A capped grade is explained beside it, which needs the caps that fired (the stored result).
    const capped = s.latest && s.latest.grade !== s.latest.band ? await schools.getAssessment(c.get('deps'), requestContext(c), s.latest.id) : null;
    const base = `/schools/${s.school.id}`;
    const writer = actor.role === 'nurse' || actor.role === 'admin';
    const chart = {
      type: 'line',
      data: { labels: s.history.map((h) => h.date), datasets: [{ label: t(lang, 'schools.score'), data: s.history.map((h) => h.score), borderColor: '#0b6e99', tension: 0.2 }] },
      options: { scales: { y: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
    };
    return render(
      c,
      s.school.name,
      <>
        <h1>{s.school.name}</h1>
        <p class="muted">
          {t(lang, `schools.kind.${s.school.kind}`)} · {t(lang, 'schools.pupilsN', { n: s.school.pupils })} · {t(lang, 'schools.campusesN', { n: s.school.campuses })}
        </p>
        <nav class="no-print" aria-label={t(lang, 'schools.title')}>
          <p>
            <a href={`${base}/kits`}>{t(lang, 'schools.kits.title')}</a> · <a href={`${base}/trainings`}>{t(lang, 'schools.trainings.title')}</a>
          </p>
          {/* A button of its own line: after a "·" it wrapped on a phone and left the dot dangling. */}
          {writer ? (
            <p>
              <a class="button" href={`${base}/assessments/new`}>
                {t(lang, 'schools.assess.new')}
              </a>
            </p>
          ) : null}
        </nav>
        <div class="grid">
          <section class="card">
            <h2>{t(lang, 'schools.latestGrade')}</h2>
            {s.latest ? (
              <dl class="facts">
                <dt>{t(lang, 'schools.grade')}</dt>
                <dd>
                  <GradeBadge grade={s.latest.grade} lang={lang} />
                  {capped ? <CapExplanation lang={lang} band={capped.band} grade={capped.grade} score={capped.score} caps={capped.caps} rubricVersion={capped.rubricVersion} /> : null}
                </dd>
                <dt>{t(lang, 'schools.score')}</dt>
                <dd>{s.latest.score.toFixed(1)}</dd>
                <dt>{t(lang, 'schools.assessedOn')}</dt>
                <dd>
                  <a href={`/assessments/${s.latest.id}`}>{s.latest.date}</a>
                </dd>
                <dt>{t(lang, 'schools.reassessBy')}</dt>
                <dd>
                  {s.latest.reassessBy}
                  {s.latest.reassessOverdue ? (
                    <>
                      {' '}
                      <span class="badge overdue">{t(lang, 'schools.overdue')}</span>
                    </>
                  ) : null}
                </dd>
              </dl>
            ) : (
              <p>{t(lang, 'schools.notAssessed')}</p>
            )}
          </section>
          <section class="card">
            <h2>{t(lang, 'schools.capacity')}</h2>
            <dl class="facts">
              <dt>{t(lang, 'schools.kits.title')}</dt>
              <dd>{t(lang, 'schools.ofRequired', { n: s.kits, required: s.kitsRequired })}</dd>
              <dt>{t(lang, 'schools.trained')}</dt>
              <dd>{s.trainedAtLastAssessment === null ? '—' : t(lang, 'schools.ofRequired', { n: s.trainedAtLastAssessment, required: s.trainedRequired })}</dd>
            </dl>
          </section>
        </div>
        <section class="card">
          <h2>{t(lang, 'schools.history')}</h2>
          {s.history.length ? (
            <>
              <div class="chart-box">
                <canvas data-chart="score-history" role="img" aria-label={t(lang, 'schools.historyAria', { scores: s.history.map((h) => `${h.date} ${h.score}`).join(', ') })}></canvas>
              </div>
              <ChartData id="score-history" config={chart} />
              <ul>
                {[...s.history].reverse().map((h) => (
                  <li>
                    <a href={`/assessments/${h.id}`}>{h.date}</a> · {h.score.toFixed(1)} · <GradeBadge grade={h.grade} lang={lang} />
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p class="muted">{t(lang, 'schools.notAssessed')}</p>
          )}
        </section>
        <section class="card">
          <h2>{t(lang, 'schools.alerts.title')}</h2>
          <AlertList lang={lang} alerts={s.alerts} />
        </section>
        <section class="card">
          <h2>{t(lang, 'schools.openActions')}</h2>
          <ActionTable lang={lang} actions={s.openActions} role={actor.role} back={base} errorFor={c.req.query('actionError')} />
        </section>
      </>,
      { wide: true, scripts: CHART_SCRIPTS },
    );
  });

  // A corrective action moved on from any page that lists it; back to that page.
  app.post('/school-actions/:id', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const form = await readForm(c);
    const back = safeBack(str(form, 'back'), '/schools');
    const parsed = validate(actionUpdate, { status: str(form, 'status'), note: str(form, 'note') || undefined }, c.get('lang'));
    const sep = back.includes('?') ? '&' : '?';
    if (!parsed.ok) return c.redirect(`${back}${sep}actionError=${encodeURIComponent(c.req.param('id'))}`, 303);
    await schools.updateAction(c.get('deps'), requestContext(c), c.req.param('id'), parsed.data);
    return c.redirect(back, 303);
  });
}
