import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { addDays, addMonths } from '../../server/calendar';
import { today } from '../../server/clock';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { indicatorQuery } from '../../server/indicators/routes';
import { centreComparison, indicatorsFor, indicatorTrends, indexValidation, type IndicatorQuery } from '../../server/indicators/service';
import { centresCsv, shanghaiTime } from '../../server/indicators/export';
import { educationReach } from '../../server/family-app/reach';
import { t } from '../i18n';
import { addHomeSection } from '../home';
import { addNav, ErrorSummary } from '../layout';
import { errorsByPath, SelectField, TextField } from '../forms';
import { pageActor, render, type PageContext } from '../render';
import { ChartBlock } from '../children/detail';
import { centreOptions } from '../../server/reference/service';
import { TrainingSections, trainingDashboard } from '../training/dashboard';
import { trendCharts } from './trend-charts';

addNav('indicators.read', { href: '/dashboard', key: 'nav.dashboard' }, 1);

const LEVEL_COLOURS = ['#2e7d32', '#1565c0', '#f2c200', '#ef6c00', '#c62828'];

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit === 'percent') return `${(100 * value).toFixed(1)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Preset periods resolve to dates; "custom" uses the dates typed. */
function periodFrom(c: PageContext): { query: IndicatorQuery; preset: string } {
  const q = c.req.query();
  const to = today(c.get('deps').clock);
  const preset = q.period ?? 'year';
  if (preset === 'month') return { query: { from: `${to.slice(0, 7)}-01`, to, centerId: q.centerId || undefined }, preset };
  if (preset === 'quarter') return { query: { from: addDays(addMonths(to, -3), 1), to, centerId: q.centerId || undefined }, preset };
  if (preset === 'custom') return { query: { from: q.from || undefined, to: q.to || undefined, centerId: q.centerId || undefined }, preset };
  return { query: { from: addDays(addMonths(to, -12), 1), to, centerId: q.centerId || undefined }, preset: 'year' };
}

const WITHHELD = '<5';
const cell = (v: { withheld: boolean; value: number | null }, unit: string) => (v.withheld ? WITHHELD : formatValue(v.value, unit));

export function registerDashboardPages(app: Hono<AppEnv>): void {
  app.get('/dashboard', async (c) => {
    const actor = pageActor(c, 'indicators.read');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const deps = c.get('deps');
    const ctx = requestContext(c);
    const { query, preset } = periodFrom(c);
    const parsed = validate(indicatorQuery, query, lang);
    const values = { ...c.req.query(), period: preset, from: query.from, to: query.to };
    if (!parsed.ok) {
      return render(
        c,
        t(lang, 'dash.title'),
        <>
          <h1>{t(lang, 'dash.title')}</h1>
          <ErrorSummary lang={lang} messages={parsed.details.map((d) => d.message)} />
          <p>
            <a href="/dashboard">{t(lang, 'dash.title')}</a>
          </p>
        </>,
        { status: 400 },
      );
    }
    let data: Awaited<ReturnType<typeof indicatorsFor>>;
    try {
      data = await indicatorsFor(deps, ctx, parsed.data);
    } catch (err) {
      if (err instanceof Error && 'status' in err && (err as { status: number }).status === 400) {
        const details = (err as unknown as { details: { path: string; message: string }[] }).details.map((d) => ({ ...d, message: t(lang, d.message) }));
        return render(
          c,
          t(lang, 'dash.title'),
          <>
            <h1>{t(lang, 'dash.title')}</h1>
            <ErrorSummary lang={lang} messages={details.map((d) => d.message)} />
            <p>
              <a href="/dashboard">{t(lang, 'dash.title')}</a>
            </p>
          </>,
          { status: 400 },
        );
      }
      throw err;
    }
    const [trends, validation] = await Promise.all([indicatorTrends(deps, ctx, parsed.data), indexValidation(deps, ctx, parsed.data)]);
    const centres = actor.role === 'clinician' ? null : await centreComparison(deps, ctx, parsed.data);
    const trainingData = actor.role === 'clinician' ? null : await trainingDashboard(deps, ctx);
    const reach = await educationReach(deps, { from: data.from, to: data.to, centerId: data.centerId ?? undefined });
    const scopeOptions = (await centreOptions(deps)).map((ce) => ({ value: ce.id, label: lang === 'en' ? ce.nameEn : ce.name }));
    const qs = new URLSearchParams(Object.entries({ from: data.from, to: data.to, ...(data.centerId ? { centerId: data.centerId } : {}) })).toString();
    const sortCol = Number(c.req.query('sort') ?? -1);
    const sortDir = c.req.query('dir') === 'asc' ? 1 : -1;
    const centreRows = centres ? [...centres.rows] : [];
    if (centres && sortCol >= 0 && sortCol < centres.columns.length) centreRows.sort((a, b) => sortDir * ((a.values[sortCol]!.value ?? -1) - (b.values[sortCol]!.value ?? -1)));
    const sortLink = (i: number) => `/dashboard?${new URLSearchParams({ ...c.req.query(), sort: String(i), dir: sortCol === i && sortDir === -1 ? 'asc' : 'desc' }).toString()}#centres`;
    return render(
      c,
      t(lang, 'dash.title'),
      <>
        <h1>{t(lang, 'dash.title')}</h1>
        <p class="muted">
          {t(lang, 'dash.asOf', { time: shanghaiTime(data.asOf) })} · {data.from} – {data.to}
        </p>
        <form method="get" action="/dashboard" class="card">
          <div class="grid">
            <SelectField name="period" label={t(lang, 'dash.period')} values={values} errors={{}} options={['month', 'quarter', 'year', 'custom'].map((p) => ({ value: p, label: t(lang, `dash.period.${p}`) }))} />
            <TextField name="from" type="date" label={t(lang, 'dash.from')} values={values} errors={errorsByPath([])} />
            <TextField name="to" type="date" label={t(lang, 'dash.to')} values={values} errors={{}} />
            {actor.role === 'clinician' ? null : <SelectField name="centerId" label={t(lang, 'dash.scope')} values={values} errors={{}} options={[{ value: '', label: t(lang, 'dash.scope.all') }, ...scopeOptions]} />}
          </div>
          <p>
            <button type="submit">{t(lang, 'dash.apply')}</button>
          </p>
        </form>
        <section class="card">
          <h2>{t(lang, 'dash.indicators')}</h2>
          <p>
            <a href={`/api/v1/indicators.csv?${qs}`} download>
              {t(lang, 'dash.csv')}
            </a>
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t(lang, 'dash.indicators')}</th>
                  <th>{t(lang, 'dash.value')}</th>
                  <th>{t(lang, 'dash.numerator')}</th>
                  <th>{t(lang, 'dash.denominator')}</th>
                  <th>{t(lang, 'dash.coverage')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((i) => (
                  <tr>
                    <td>
                      {i.label[lang]}
                      <br />
                      <span class="muted">{i.definition[lang]}</span>
                    </td>
                    <td>{cell(i, i.unit)}</td>
                    <td>{i.withheld ? WITHHELD : Number(i.numerator!.toFixed(1))}</td>
                    <td>{i.withheld ? WITHHELD : i.denominator === null ? '' : Number(i.denominator.toFixed(1))}</td>
                    <td>{i.withheld ? WITHHELD : i.coverage ? `${formatValue(i.coverage.value, 'percent')} (${i.coverage.numerator}/${i.coverage.denominator})` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted">
            {t(lang, 'dash.small')} {t(lang, 'dash.complementary')}
          </p>
        </section>
        <h2>{t(lang, 'dash.trends')}</h2>
        <div class="grid">
          {trendCharts(lang, trends).map((ch) => (
            <section class="card">
              <h3>{ch.title}</h3>
              <ChartBlock id={ch.id} label={ch.title} config={ch.config} />
            </section>
          ))}
          {data.gradeDistribution ? (
            <section class="card">
              <h3>{t(lang, 'dash.chart.grades')}</h3>
              <ChartBlock
                id="chart-grades"
                label={t(lang, 'dash.chart.grades')}
                config={{
                  type: 'bar',
                  data: {
                    labels: ['A', 'B', 'C', 'D', t(lang, 'dash.none')],
                    datasets: [
                      {
                        label: t(lang, 'dash.chart.grades'),
                        data: [data.gradeDistribution.A, data.gradeDistribution.B, data.gradeDistribution.C, data.gradeDistribution.D, data.gradeDistribution.none],
                        backgroundColor: ['#2e7d32', '#1565c0', '#f2c200', '#c62828', '#9aa6b2'],
                      },
                    ],
                  },
                }}
              />
            </section>
          ) : null}
          <section class="card">
            <h3>{t(lang, 'dash.chart.index')}</h3>
            <ChartBlock
              id="chart-index"
              label={t(lang, 'dash.chart.index')}
              config={{
                type: 'bar',
                data: {
                  labels: trends.indexCalendar.map((m) => m.month),
                  datasets: [0, 1, 2, 3, 4].map((l) => ({ label: t(lang, 'dash.level', { n: l + 1 }), data: trends.indexCalendar.map((m) => m.levels[l]), backgroundColor: LEVEL_COLOURS[l] })),
                },
                options: { scales: { x: { stacked: true }, y: { stacked: true } } },
              }}
            />
          </section>
        </div>
        {centres ? (
          <section class="card" id="centres">
            <h2>{t(lang, 'dash.centres')}</h2>
            <p>
              <a href={`/dashboard/centres.csv?${qs}`} download>
                {t(lang, 'dash.csv')}
              </a>{' '}
              · <span class="muted">{t(lang, 'dash.sortHint')}</span>
            </p>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t(lang, 'dash.centre')}</th>
                    {centres.columns.map((col, i) => (
                      <th aria-sort={sortCol === i ? (sortDir === 1 ? 'ascending' : 'descending') : undefined}>
                        <a href={sortLink(i)}>{col.label[lang]}</a>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {centreRows.map((row) => (
                    <tr>
                      <td>
                        <a href={`/dashboard?centerId=${row.centerId}`}>{row.name[lang]}</a>
                      </td>
                      {row.values.map((v) => (
                        <td>{cell(v, v.unit)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}
        {trainingData ? <TrainingSections lang={lang} data={trainingData} /> : null}
        <section class="card">
          <h2>{t(lang, 'dash.reach')}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t(lang, 'dash.centre')}</th>
                  <th>{t(lang, 'dash.reach.families')}</th>
                  <th>{t(lang, 'dash.reach.read')}</th>
                  <th>{t(lang, 'dash.reach.sent')}</th>
                </tr>
              </thead>
              <tbody>
                {reach.map((r) => {
                  const name = scopeOptions.find((o) => o.value === r.centerId)?.label ?? r.centerId;
                  return (
                    <tr>
                      <td>{name}</td>
                      <td>{r.families.withheld ? WITHHELD : r.families.value}</td>
                      <td>{r.articlesRead.withheld ? WITHHELD : r.articlesRead.value}</td>
                      <td>{r.sent.withheld ? WITHHELD : r.sent.value}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
        <section class="card">
          <h2>{t(lang, 'dash.validation')}</h2>
          <p class="muted">{t(lang, 'dash.validation.note')}</p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t(lang, 'dash.validation.level')}</th>
                  <th>{t(lang, 'dash.validation.days')}</th>
                  <th>{t(lang, 'dash.validation.symptoms')}</th>
                  <th>{t(lang, 'dash.validation.exac')}</th>
                </tr>
              </thead>
              <tbody>
                {validation.levels.map((l) => (
                  <tr>
                    <td>
                      <span class={`level level-${l.level}`}>{l.level}</span>
                    </td>
                    <td>{l.withheld ? WITHHELD : l.diaryDays}</td>
                    <td>{l.withheld ? WITHHELD : formatValue(l.symptomDayShare, 'percent')}</td>
                    <td>{l.withheld ? WITHHELD : l.exacerbationsPer1000Days === null ? '—' : l.exacerbationsPer1000Days.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </>,
      { wide: true, scripts: ['/static/vendor/chart.umd.js', '/static/charts.js'] },
    );
  });

  app.get('/dashboard/centres.csv', async (c) => {
    const actor = pageActor(c, 'indicators.compare');
    if (actor instanceof Response) return actor;
    const parsed = validate(indicatorQuery, c.req.query(), c.get('lang'));
    const { csv, name } = await centresCsv(c.get('deps'), requestContext(c), parsed.ok ? parsed.data : {}, c.get('lang'));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    return c.body(csv);
  });
}

addHomeSection(['manager', 'admin'], 5, async (c) => {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const to = today(deps.clock);
  const centres = await centreComparison(deps, requestContext(c), { from: addDays(addMonths(to, -3), 1), to });
  const onTimeIndex = centres.columns.findIndex((col) => col.id === 'on_time_follow_ups');
  const worst = centres.rows
    .filter((r) => r.kind === 'community' && !r.values[onTimeIndex]!.withheld && r.values[onTimeIndex]!.value !== null)
    .sort((a, b) => a.values[onTimeIndex]!.value! - b.values[onTimeIndex]!.value!)
    .slice(0, 5);
  return (
    <section class="card">
      <h2>{t(lang, 'dash.attention')}</h2>
      <ul>
        {worst.map((r) => (
          <li>
            <a href={`/dashboard?centerId=${r.centerId}`}>{r.name[lang]}</a>: {formatValue(r.values[onTimeIndex]!.value, 'percent')}
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href="/dashboard">
          {t(lang, 'dash.open')}
        </a>
      </p>
    </section>
  );
});
