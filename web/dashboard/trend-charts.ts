// The dashboard's monthly trend charts (chart.js configurations): enrolment, follow-ups on time,
// control by age, exacerbations, school absence, referrals and answers in time; partial months hollow.
import type { Lang } from '../../server/context';
import type { indicatorTrends } from '../../server/indicators/service';
import { t } from '../i18n';

const COLOURS = ['#0b6e99', '#c62828', '#2e7d32', '#ef6c00', '#6a1b9a'];

type Trends = Awaited<ReturnType<typeof indicatorTrends>>;
const round1 = (v: number | null) => (v === null ? null : Math.round(10 * v) / 10);
const pct = (v: number | null) => (v === null ? null : Math.round(1000 * v) / 10);

/** A withheld point and a month without data are both gaps, never a fall to zero. */
const points = (trends: Trends, id: string, scale: (v: number | null) => number | null) => (trends.series[id] ?? []).map((p) => (p.withheld ? null : scale(p.value)));

export function trendCharts(lang: Lang, trends: Trends) {
  // The current month so far is labelled as such and drawn hollow (a triangle, a pale bar).
  const labels = trends.months.map((m, i) => {
    if (!m.partial) return m.month;
    // The period may also start inside its first month.
    return i === 0 && trends.from.slice(0, 7) === m.month && trends.from.slice(8) !== '01' ? `${m.month} ${t(lang, 'dash.partialStart', { day: Number(trends.from.slice(8)) })}` : `${m.month} ${t(lang, 'dash.partialMonth')}`;
  });
  const pointStyle = trends.months.map((m) => (m.partial ? 'triangle' : 'circle'));
  const line = (datasets: { label: string; data: (number | null)[] }[], extra: object = {}) => ({
    type: 'line',
    data: { labels, datasets: datasets.map((d, i) => ({ ...d, borderColor: COLOURS[i % COLOURS.length], backgroundColor: COLOURS[i % COLOURS.length], spanGaps: false, pointStyle, pointRadius: 4 })) },
    options: { scales: { y: { beginAtZero: true } }, ...extra },
  });
  const bars = (colour: string) => trends.months.map((m) => (m.partial ? `${colour}55` : colour));
  return [
    {
      id: 'chart-enrolment',
      title: t(lang, 'dash.chart.enrolment'),
      config: { type: 'bar', data: { labels, datasets: [{ label: t(lang, 'dash.chart.enrolment'), data: points(trends, 'enrolments', (v) => v), backgroundColor: bars(COLOURS[0]!) }] } },
    },
    { id: 'chart-on-time', title: t(lang, 'dash.chart.onTime'), config: line([{ label: t(lang, 'dash.chart.onTime'), data: points(trends, 'on_time_follow_ups', pct) }]) },
    {
      id: 'chart-well',
      title: t(lang, 'dash.chart.well'),
      config: line([
        { label: t(lang, 'ind.well_controlled'), data: points(trends, 'well_controlled', pct) },
        { label: '<6', data: points(trends, 'well_controlled_under6', pct) },
        { label: '6-11', data: points(trends, 'well_controlled_6to11', pct) },
        { label: '12+', data: points(trends, 'well_controlled_12plus', pct) },
      ]),
    },
    { id: 'chart-exacerbations', title: t(lang, 'dash.chart.exacerbations'), config: line([{ label: t(lang, 'dash.chart.exacerbations'), data: points(trends, 'severe_exacerbations_per_100_child_years', round1) }]) },
    { id: 'chart-absence', title: t(lang, 'dash.chart.absence'), config: line([{ label: t(lang, 'dash.chart.absence'), data: points(trends, 'school_absence_per_100_school_days', round1) }]) },
    {
      id: 'chart-referrals',
      title: t(lang, 'dash.chart.referrals'),
      config: {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { label: t(lang, 'dash.up'), data: points(trends, 'referrals_up', (v) => v), backgroundColor: bars(COLOURS[0]!), yAxisID: 'y' },
            { label: t(lang, 'dash.down'), data: points(trends, 'referrals_down', (v) => v), backgroundColor: bars(COLOURS[2]!), yAxisID: 'y' },
            { type: 'line', label: `${t(lang, 'dash.loop')} (%)`, data: points(trends, 'referral_loop_closure', pct), borderColor: COLOURS[1], backgroundColor: COLOURS[1], yAxisID: 'y1', spanGaps: false, pointStyle },
          ],
        },
        options: { scales: { y: { beginAtZero: true }, y1: { position: 'right', min: 0, max: 100 } } },
      },
    },
    {
      id: 'chart-answered',
      title: t(lang, 'dash.chart.answered'),
      config: line(
        (['emergency', 'urgent', 'routine'] as const).map((u) => ({ label: t(lang, `dash.urgency.${u}`), data: points(trends, `referral_answered_in_limit_${u}`, pct) })),
        { scales: { y: { min: 0, max: 100 } } },
      ),
    },
  ];
}
