// The public index page: phone first, works without login and without JavaScript (except the chart).
import type { Lang } from '../../server/context';
import { addDays, type IsoDate } from '../../server/calendar';
import { DANGER_SIGNS, INDEX_LEVELS } from '../../server/asthma-index/rules/advice';
import { articleHrefForFactor } from '../../server/family-app/index-articles';

import type { DistrictCode } from '../../server/asthma-index/rules/districts';
import type { IndexLevel } from '../../server/asthma-index/rules/params-v0.1';
import { adviceWithoutDisclaimer, type IndexDayDto } from '../../server/asthma-index/service';
import { t } from '../i18n';
import { ChartData, DistrictOptions, LEVEL_HEX, LevelBadge, districtName, localTime } from './parts';

export interface PublicPageData {
  lang: Lang;
  district: DistrictCode;
  today: IsoDate;
  todayIndex: IndexDayDto | null;
  tomorrowIndex: IndexDayDto | null;
  history: IndexDayDto[];
  /** The address named a district we do not know (the page shows `district` instead). */
  unknownDistrict: boolean;
  /** A parent gets a link to the family app's notification settings. */
  isParent: boolean;
}

const MAIN_FACTORS = 3;

export function Notices(props: { lang: Lang; day: IndexDayDto }) {
  const { lang, day } = props;
  const core = day.missing.filter((f) => f !== 'pressureChange' && f !== 'pollen');
  return (
    <>
      {day.stale ? (
        <p class="notice" role="status">
          {t(lang, 'index.stale', { at: localTime(day.computedAt) })}
        </p>
      ) : null}
      {day.confidence === 'reduced' && core.length > 0 ? (
        <p class="notice" role="status">
          {t(lang, 'index.reduced', { factors: core.map((f) => t(lang, `index.factor.${f}`)).join(lang === 'zh' ? '、' : ', ') })}
        </p>
      ) : null}
    </>
  );
}

/** The advice, its closing danger signs and 120 in a paragraph of their own so they stand out. */
export function Advice(props: { lang: Lang; day: IndexDayDto }) {
  const text = adviceWithoutDisclaimer(props.day.advice, props.lang);
  const danger = DANGER_SIGNS[props.lang];
  if (!text.endsWith(danger)) return <p>{text}</p>;
  return (
    <>
      <p>{text.slice(0, text.length - danger.length).trim()}</p>
      <p>
        <strong>{danger}</strong>
      </p>
    </>
  );
}

/** The level is the page's headline: the first thing a parent sees on a phone. */
function Today(props: { lang: Lang; district: DistrictCode; date: IsoDate; day: IndexDayDto | null }) {
  const { lang, day } = props;
  const heading = t(lang, 'index.todayHeading', { district: districtName(props.district, lang), date: props.date });
  if (!day) {
    return (
      <>
        <h1>{heading}</h1>
        <p class="notice" role="status">
          {t(lang, 'index.notComputed', { date: props.date })}
        </p>
      </>
    );
  }
  const factors = day.factors.filter((f) => f.points > 0).slice(0, MAIN_FACTORS);
  return (
    <>
      <h1>
        {heading}
        <br />
        <LevelBadge level={day.level} lang={lang} />
      </h1>
      <Notices lang={lang} day={day} />
      <section class="card" aria-labelledby="advice-heading">
        <h2 id="advice-heading">{t(lang, 'index.advice')}</h2>
        <Advice lang={lang} day={day} />
        <h2>{t(lang, 'index.factors')}</h2>
        {factors.length > 0 ? (
          <ul>
            {factors.map((f) => (
              <li>{f.text[lang]}</li>
            ))}
          </ul>
        ) : (
          <p>{t(lang, 'index.noFactors')}</p>
        )}
        {factors[0] ? (
          <p>
            <a href={articleHrefForFactor(factors[0].name)}>{t(lang, 'index.readMore')}</a>
          </p>
        ) : null}
        <p class="muted">{t(lang, day.basis === 'forecast' ? 'index.forecastBasis' : 'index.observedBasis')}</p>
      </section>
    </>
  );
}

function TomorrowCard(props: { lang: Lang; date: IsoDate; day: IndexDayDto | null }) {
  const { lang, day } = props;
  return (
    <section class="card" aria-labelledby="tomorrow-heading">
      <h2 id="tomorrow-heading">{t(lang, 'index.tomorrowHeading', { date: props.date })}</h2>
      {day ? (
        <>
          <p>
            <LevelBadge level={day.level} lang={lang} />
          </p>
          {day.factors.filter((f) => f.points > 0).length > 0 ? (
            <p class="muted">
              {day.factors
                .filter((f) => f.points > 0)
                .slice(0, 2)
                .map((f) => f.text[lang])
                .join(lang === 'zh' ? '；' : '; ')}
            </p>
          ) : null}
        </>
      ) : (
        <p class="muted">{t(lang, 'index.tomorrowNotComputed')}</p>
      )}
    </section>
  );
}

function HistoryCard(props: { lang: Lang; district: DistrictCode; today: IsoDate; history: IndexDayDto[] }) {
  const { lang } = props;
  const byDate = new Map(props.history.map((d) => [d.date, d]));
  const dates = Array.from({ length: 30 }, (_, i) => addDays(props.today, i - 29));
  const levels = dates.map((d) => byDate.get(d)?.level ?? null);
  const config = {
    type: 'bar',
    data: {
      labels: dates.map((d) => d.slice(5)),
      datasets: [
        {
          label: t(lang, 'index.chartLabel'),
          data: levels,
          backgroundColor: levels.map((l) => (l ? LEVEL_HEX[l as IndexLevel] : '#d5dbe2')),
        },
      ],
    },
    options: {
      plugins: { legend: { display: false } },
      scales: { y: { min: 0, max: 5, ticks: { stepSize: 1 } } },
    },
  };
  const label = t(lang, 'index.historyAria', { district: districtName(props.district, lang) });
  return (
    <section class="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{t(lang, 'index.history')}</h2>
      {props.history.length === 0 ? (
        <p class="muted">{t(lang, 'index.historyNoData')}</p>
      ) : (
        <>
          <div class="chart-box">
            <canvas data-chart="index-history" role="img" aria-label={label}>
              {label}
            </canvas>
          </div>
          <ChartData id="index-history" config={config} />
          {/* The same days for readers without JavaScript or a screen (the chart is a canvas). */}
          <details>
            <summary>{t(lang, 'index.historyTable')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'index.date')}</th>
                  <th scope="col">{t(lang, 'index.chartLabel')}</th>
                </tr>
              </thead>
              <tbody>
                {[...dates].reverse().map((date) => {
                  const level = byDate.get(date)?.level;
                  return (
                    <tr>
                      <td>{date}</td>
                      <td>{level ? <LevelBadge level={level} lang={lang} /> : <span class="muted">{t(lang, 'index.noDay')}</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

function LevelKey(props: { lang: Lang }) {
  return (
    <section class="card" aria-labelledby="levels-heading">
      <h2 id="levels-heading">{t(props.lang, 'index.levels')}</h2>
      <p>
        {([1, 2, 3, 4, 5] as IndexLevel[]).map((level) => (
          <>
            <span class={`level level-${level}`}>
              {level} · {INDEX_LEVELS[level].label[props.lang]}
            </span>{' '}
          </>
        ))}
      </p>
    </section>
  );
}

export function PublicIndexPage(props: PublicPageData) {
  const { lang } = props;
  const latest = props.todayIndex ?? props.tomorrowIndex;
  return (
    <>
      {props.unknownDistrict ? (
        <p class="notice" role="status">
          {t(lang, 'index.unknownDistrict', { district: districtName(props.district, lang) })}
        </p>
      ) : null}
      <Today lang={lang} district={props.district} date={props.today} day={props.todayIndex} />
      <TomorrowCard lang={lang} date={addDays(props.today, 1)} day={props.tomorrowIndex} />
      {/* A plain GET: the district is in the address, to share or bookmark, and needs no script. */}
      <form method="get" action="/index" class="card no-print">
        <label for="district">{t(lang, 'index.district')}</label>
        <select id="district" name="district">
          <DistrictOptions lang={lang} selected={props.district} />
        </select>
        <p>
          <button type="submit">{t(lang, 'index.show')}</button>
        </p>
      </form>
      <HistoryCard lang={lang} district={props.district} today={props.today} history={props.history} />
      <LevelKey lang={lang} />
      <p class="muted">{t(lang, 'index.intro')}</p>
      <p class="notice">{t(lang, 'index.disclaimer')}</p>
      {props.isParent ? (
        <p>
          <a href="/app/notifications">{t(lang, 'index.notifyLink')}</a>
        </p>
      ) : null}
      {latest ? (
        <p class="muted">
          {t(lang, 'index.meta', { version: latest.algorithmVersion, at: localTime(latest.computedAt) })} · {t(lang, `index.source.${latest.source}`)}
        </p>
      ) : null}
    </>
  );
}
