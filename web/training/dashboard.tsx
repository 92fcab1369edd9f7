// The manager's dashboard sections of issue 36: each centre's training readiness, treatment
// coverage (with its monthly trend and the centres below the district), and outcomes before and
// after training, shown descriptively with the caveat.
import type { Lang, Deps, RequestContext } from '../../server/context';
import { beforeAfterReport, coverageReport, readinessReport } from '../../server/training/coverage';
import { t } from '../i18n';
import { ChartBlock } from '../children/detail';

const COLOURS = ['#0b6e99', '#c62828', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037'];
const WITHHELD = '<5';
const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);

export async function trainingDashboard(deps: Deps, ctx: RequestContext) {
  return { readiness: await readinessReport(deps, ctx), coverage: await coverageReport(deps, ctx, { months: 12 }), outcomes: await beforeAfterReport(deps, ctx) };
}
type Data = Awaited<ReturnType<typeof trainingDashboard>>;

function Readiness(props: { lang: Lang; data: Data['readiness'] }) {
  const { lang, data } = props;
  const cols = ['clinicians', 'trained', 'dueSoon', 'lapsed', 'placements'] as const;
  return (
    <section class="card" id="readiness">
      <h2>{t(lang, 'training.readiness')}</h2>
      <p class="muted">{t(lang, 'training.readiness.note')}</p>
      <div class="table-wrap">
        <table class="stack">
          <thead>
            <tr>
              <th>{t(lang, 'dash.centre')}</th>
              {cols.map((k) => (
                <th>{t(lang, `training.col.${k}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.centres.map((r) => (
              <tr data-centre={r.centerId}>
                <td data-label={t(lang, 'dash.centre')}>{r.name[lang]}</td>
                {cols.map((k) => (
                  <td data-label={t(lang, `training.col.${k}`)} data-col={k}>
                    {r[k]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t(lang, 'training.dueForRenewal')}</h3>
      {data.dueForRenewal.length === 0 ? (
        <p class="muted">{t(lang, 'training.noneDue')}</p>
      ) : (
        <ul>
          {data.dueForRenewal.map((d) => (
            <li>
              {d.name} · {d.centre[lang]} <span class={`badge ${d.status === 'lapsed' ? 'red' : 'yellow'}`}>{t(lang, `training.status.${d.status}`)}</span> {d.expiresOn}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Coverage(props: { lang: Lang; data: Data['coverage'] }) {
  const { lang, data } = props;
  const latest = data.months[data.months.length - 1]!;
  const labels = data.months.map((m) => m.month);
  // The district and the five centres lowest this month: two dozen lines could not be read apart.
  const lowest = data.centres
    .filter((c) => c.latest && !c.latest.withheld && c.latest.value !== null)
    .sort((a, b) => a.latest!.value! - b.latest!.value!)
    .slice(0, 5);
  const series = [
    { label: t(lang, 'coverage.district'), data: data.months.map((m) => (m.district.value === null ? null : Math.round(1000 * m.district.value) / 10)) },
    ...lowest.map((c) => ({
      label: c.name[lang],
      data: data.months.map((m) => {
        const cell = m.centres.find((x) => x.centerId === c.centerId);
        return !cell || cell.withheld || cell.value === null ? null : Math.round(1000 * cell.value) / 10;
      }),
    })),
  ].map((d, i) => ({ ...d, borderColor: COLOURS[i % COLOURS.length], backgroundColor: COLOURS[i % COLOURS.length], spanGaps: false, borderWidth: i === 0 ? 3 : 1.5 }));
  const cols = ['population', 'expected', 'managed', 'coverage'] as const;
  return (
    <section class="card" id="coverage">
      <h2>{t(lang, 'coverage.title')}</h2>
      <p class="muted">{t(lang, 'coverage.note')}</p>
      <p class="muted">
        {t(lang, 'coverage.prevalence', { percent: data.prevalence.percent, source: data.prevalence.isDefault ? t(lang, 'coverage.defaultSource') : data.prevalence.source })}
        {data.prevalence.isDefault ? ` · ${t(lang, 'coverage.default')}` : ''}
      </p>
      <div class="table-wrap">
        <table class="stack">
          <thead>
            <tr>
              <th>{t(lang, 'dash.centre')}</th>
              {cols.map((k) => (
                <th>{t(lang, `coverage.col.${k}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.centres.map((c) => {
              const cell = c.latest;
              const values =
                !c.population || !cell
                  ? ['—', '—', '—', t(lang, 'coverage.noPopulation')]
                  : [String(c.population.population), cell.expected.toFixed(0), cell.withheld ? WITHHELD : String(cell.underManagement), cell.withheld ? WITHHELD : pct(cell.value)];
              return (
                <tr data-centre={c.centerId} class={c.belowDistrict ? 'below' : undefined}>
                  <td data-label={t(lang, 'dash.centre')}>
                    {c.name[lang]}
                    {c.belowDistrict ? (
                      <>
                        {' '}
                        <span class="badge red">{t(lang, 'coverage.below')}</span>
                      </>
                    ) : null}
                  </td>
                  {cols.map((k, i) => (
                    <td data-label={t(lang, `coverage.col.${k}`)}>{values[i]}</td>
                  ))}
                </tr>
              );
            })}
            <tr>
              <th scope="row">{t(lang, 'coverage.district')}</th>
              <td data-label={t(lang, 'coverage.col.population')}>{data.centres.reduce((a, c) => a + (c.population?.population ?? 0), 0)}</td>
              <td data-label={t(lang, 'coverage.col.expected')}>{latest.district.expected.toFixed(0)}</td>
              <td data-label={t(lang, 'coverage.col.managed')}>{latest.district.underManagement}</td>
              <td data-label={t(lang, 'coverage.col.coverage')}>{pct(latest.district.value)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h3>{t(lang, 'coverage.trend')}</h3>
      <p class="muted">{t(lang, 'coverage.trendNote')}</p>
      <ChartBlock id="chart-coverage" label={t(lang, 'coverage.trend')} config={{ type: 'line', data: { labels, datasets: series }, options: { scales: { y: { beginAtZero: true } } } }} />
    </section>
  );
}

function Outcomes(props: { lang: Lang; data: Data['outcomes'] }) {
  const { lang, data } = props;
  const cell = (f: { withheld: boolean; value: number | null } | undefined) => (!f ? '—' : f.withheld ? WITHHELD : pct(f.value));
  return (
    <section class="card" id="outcomes">
      <h2>{t(lang, 'outcomes.title')}</h2>
      <p class="notice">{t(lang, 'outcomes.caveat')}</p>
      {data.centres.length === 0 ? (
        <p class="muted">{t(lang, 'outcomes.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th>{t(lang, 'dash.centre')}</th>
                {data.indicators.map((id) => (
                  <th>{t(lang, `ind.${id}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.centres.map((c) => (
                <tr>
                  <td data-label={t(lang, 'dash.centre')}>
                    {c.name[lang]}
                    <br />
                    <span class="muted">{t(lang, 'outcomes.trainedOn', { date: c.trainedOn })}</span>
                  </td>
                  {data.indicators.map((id) => (
                    <td data-label={t(lang, `ind.${id}`)}>
                      {t(lang, 'outcomes.before')} {cell(c.before.figures[id])}
                      <br />
                      {t(lang, 'outcomes.after')} {c.after ? cell(c.after.figures[id]) : t(lang, 'outcomes.notYet')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function TrainingSections(props: { lang: Lang; data: Data }) {
  return (
    <>
      <Readiness lang={props.lang} data={props.data.readiness} />
      <Coverage lang={props.lang} data={props.data.coverage} />
      <Outcomes lang={props.lang} data={props.data.outcomes} />
    </>
  );
}
