// The asthma index pages: the public page (/index) and the admin jobs page. Webhook subscriptions
// are for integrators, through the API only; parents set notifications in the family app.
import type { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../server/context';
import { addDays } from '../../server/calendar';
import { today } from '../../server/clock';
import { AppError } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { runJobBody } from '../../server/asthma-index/schemas';
import { findIndexDay, getIndexRange, listJobRuns, triggerJob } from '../../server/asthma-index/service';
import { t } from '../i18n';
import { addNav } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';
import { registerAsthmaIndexHomeSections } from './home-sections';
import { JobsPage } from './jobs-page';
import { chooseDistrict, DISTRICT_COOKIE, parseDistrict } from './parts';
import { PublicIndexPage } from './public-page';

addNav('jobs.run', { href: '/admin/jobs', key: 'nav.jobs' });
registerAsthmaIndexHomeSections();

const CHART_SCRIPTS = ['/static/vendor/chart.umd.js', '/static/charts.js'];

const text = (v: string | string[] | undefined): string => (typeof v === 'string' ? v.trim() : '');

export function registerAsthmaIndexPages(app: Hono<AppEnv>): void {
  app.get('/index', async (c) => {
    const deps = c.get('deps');
    const lang = c.get('lang');
    const remembered = getCookie(c, DISTRICT_COOKIE);
    const { district, unknown, fromAddress } = chooseDistrict(c.req.query('district'), remembered);
    // The district last asked for is the one "/" and a bare /index open on next time.
    if (fromAddress && district !== remembered) rememberDistrict(c, district);
    const date = today(deps.clock);
    const [todayIndex, tomorrowIndex, history] = await Promise.all([findIndexDay(deps, district, date), findIndexDay(deps, district, addDays(date, 1)), getIndexRange(deps, district, addDays(date, -29), date)]);
    const isParent = c.get('actor')?.role === 'parent';
    return render(
      c,
      t(lang, 'index.title'),
      <PublicIndexPage lang={lang} district={district} today={date} todayIndex={todayIndex} tomorrowIndex={tomorrowIndex} history={history} unknownDistrict={unknown} isParent={isParent} />,
      // An address naming no district we know is a bad request, answered with a page a parent can use.
      { scripts: CHART_SCRIPTS, status: unknown ? 400 : 200 },
    );
  });

  // The page's form was a POST before it was a GET: pages and links kept from then still work.
  app.post('/index/district', async (c) => {
    const district = parseDistrict((await readForm(c)).district);
    if (!district) return c.redirect('/index', 303);
    rememberDistrict(c, district);
    return c.redirect(`/index?district=${district}`, 303);
  });

  // The parents' webhook page is gone: a parent's bookmark opens the notification settings.
  app.get('/index/subscriptions', (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    return c.redirect('/app/notifications', 303);
  });

  app.get('/admin/jobs', async (c) => {
    const actor = pageActor(c, 'jobs.run');
    if (actor instanceof Response) return actor;
    const run = c.req.query('run');
    return jobsPage(c, run ? { id: run, already: c.req.query('already') === '1' } : null, [], {}, 200);
  });

  app.post('/admin/jobs/run', async (c) => {
    const actor = pageActor(c, 'jobs.run');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const values = { date: text(form.date) || undefined, district: text(form.district) || undefined };
    const parsed = validate(runJobBody, { ...values, offline: text(form.offline) === '1' }, lang);
    if (!parsed.ok)
      return jobsPage(
        c,
        null,
        parsed.details.map((d) => d.message),
        values,
        400,
      );
    try {
      const run = await triggerJob(c.get('deps'), requestContext(c), 'asthma-index', parsed.data);
      return c.redirect(`/admin/jobs?run=${run.runId}${run.alreadyRunning ? '&already=1' : ''}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return jobsPage(c, null, [err.details[0]?.message ?? t(lang, `err.${err.code}`)], values, err.status);
      throw err;
    }
  });
}

function rememberDistrict(c: PageContext, district: string): void {
  setCookie(c, DISTRICT_COOKIE, district, { path: '/', sameSite: 'Lax', httpOnly: true, maxAge: 365 * 86400, secure: c.get('deps').config.COOKIE_SECURE });
}

async function jobsPage(c: PageContext, started: { id: string; already: boolean } | null, errors: string[], form: { date?: string; district?: string }, status: number) {
  const lang = c.get('lang');
  const { items } = await listJobRuns(c.get('deps'), { limit: 30 });
  return render(c, t(lang, 'jobs.title'), <JobsPage lang={lang} runs={items} started={started} errors={errors} form={form} />, { status, wide: true });
}
