// The asthma index pages: the public page (/index), a parent's subscriptions, the admin jobs page.
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../server/context';
import { addDays } from '../../server/calendar';
import { today } from '../../server/clock';
import { AppError } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { runJobBody, subscriptionBody } from '../../server/asthma-index/schemas';
import {
  createSubscription,
  deactivateSubscription,
  findIndexDay,
  getIndexRange,
  listJobRuns,
  listSubscriptions,
  triggerJob,
} from '../../server/asthma-index/service';
import { isDistrictCode } from '../../jobs/asthma-index/districts';
import { id as idSchema } from '../../server/http/schemas';
import { t } from '../i18n';
import { addNav } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';
import { registerAsthmaIndexHomeSections } from './home-sections';
import { JobsPage } from './jobs-page';
import { DISTRICT_COOKIE, pickDistrict } from './parts';
import { PublicIndexPage } from './public-page';
import { SubscriptionsPage, type SubscriptionForm } from './subscriptions-page';

addNav(['parent'], { href: '/index/subscriptions', key: 'index.nav.subscriptions' });
addNav(['admin'], { href: '/admin/jobs', key: 'nav.jobs' });
registerAsthmaIndexHomeSections();

const SECRET_FLASH = 'sub_secret';
const CHART_SCRIPTS = ['/static/vendor/chart.umd.js', '/static/charts.js'];

const text = (v: string | string[] | undefined): string => (typeof v === 'string' ? v.trim() : '');

export function registerAsthmaIndexPages(app: Hono<AppEnv>): void {
  app.get('/index', async (c) => {
    const deps = c.get('deps');
    const lang = c.get('lang');
    const district = pickDistrict(c.req.query('district'), getCookie(c, DISTRICT_COOKIE));
    const date = today(deps.clock);
    const [todayIndex, tomorrowIndex, history] = await Promise.all([
      findIndexDay(deps, district, date),
      findIndexDay(deps, district, addDays(date, 1)),
      getIndexRange(deps, district, addDays(date, -29), date),
    ]);
    const canSubscribe = c.get('actor')?.role === 'parent';
    return render(
      c,
      t(lang, 'index.title'),
      <PublicIndexPage lang={lang} district={district} today={date} todayIndex={todayIndex} tomorrowIndex={tomorrowIndex} history={history} canSubscribe={canSubscribe} />,
      { scripts: CHART_SCRIPTS },
    );
  });

  // The district choice is remembered in a cookie, so the page opens on it next time.
  app.post('/index/district', async (c) => {
    const district = text((await readForm(c)).district);
    if (isDistrictCode(district)) {
      setCookie(c, DISTRICT_COOKIE, district, { path: '/', sameSite: 'Lax', httpOnly: true, maxAge: 365 * 86400, secure: c.get('deps').config.COOKIE_SECURE });
    }
    return c.redirect('/index', 303);
  });

  app.get('/index/subscriptions', async (c) => {
    const actor = pageActor(c, ['parent']);
    if (actor instanceof Response) return actor;
    const secret = getCookie(c, SECRET_FLASH) ?? null;
    if (secret) deleteCookie(c, SECRET_FLASH, { path: '/index/subscriptions' });
    return subscriptionsPage(c, {}, [], c.req.query('created') === '1', secret, 200);
  });

  app.post('/index/subscriptions', async (c) => {
    const actor = pageActor(c, ['parent']);
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const values: SubscriptionForm = { district: text(form.district), minLevel: text(form.minLevel), target: text(form.target) };
    const secret = text(form.secret);
    const parsed = validate(subscriptionBody, {
      district: values.district,
      minLevel: Number(values.minLevel),
      channel: 'webhook',
      target: values.target,
      ...(secret ? { secret } : {}),
    }, lang);
    if (!parsed.ok) return subscriptionsPage(c, values, parsed.details.map((d) => d.message), false, null, 400);
    try {
      const created = await createSubscription(c.get('deps'), requestContext(c), parsed.data);
      if (created.secret) {
        setCookie(c, SECRET_FLASH, created.secret, { path: '/index/subscriptions', httpOnly: true, sameSite: 'Strict', maxAge: 120, secure: c.get('deps').config.COOKIE_SECURE });
      }
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return subscriptionsPage(c, values, [t(lang, `err.${err.code}`)], false, null, err.status);
      throw err;
    }
    return c.redirect('/index/subscriptions?created=1', 303);
  });

  app.post('/index/subscriptions/:id/end', async (c) => {
    const actor = pageActor(c, ['parent']);
    if (actor instanceof Response) return actor;
    const id = idSchema.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError(404, 'not_found', 'Not found');
    await deactivateSubscription(c.get('deps'), requestContext(c), id.data);
    return c.redirect('/index/subscriptions', 303);
  });

  app.get('/admin/jobs', async (c) => {
    const actor = pageActor(c, ['admin']);
    if (actor instanceof Response) return actor;
    const run = c.req.query('run');
    return jobsPage(c, run ? { id: run, already: c.req.query('already') === '1' } : null, [], {}, 200);
  });

  app.post('/admin/jobs/run', async (c) => {
    const actor = pageActor(c, ['admin']);
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const values = { date: text(form.date) || undefined, district: text(form.district) || undefined };
    const parsed = validate(runJobBody, { ...values, offline: text(form.offline) === '1' }, lang);
    if (!parsed.ok) return jobsPage(c, null, parsed.details.map((d) => d.message), values, 400);
    try {
      const run = await triggerJob(c.get('deps'), requestContext(c), 'asthma-index', parsed.data);
      return c.redirect(`/admin/jobs?run=${run.runId}${run.alreadyRunning ? '&already=1' : ''}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return jobsPage(c, null, [err.details[0]?.message ?? t(lang, `err.${err.code}`)], values, err.status);
      throw err;
    }
  });
}

async function subscriptionsPage(c: PageContext, form: SubscriptionForm, errors: string[], created: boolean, secret: string | null, status: number) {
  const lang = c.get('lang');
  const items = await listSubscriptions(c.get('deps'), requestContext(c));
  return render(c, t(lang, 'sub.title'), <SubscriptionsPage lang={lang} items={items} form={form} errors={errors} created={created} secret={secret} />, { status });
}

async function jobsPage(c: PageContext, started: { id: string; already: boolean } | null, errors: string[], form: { date?: string; district?: string }, status: number) {
  const lang = c.get('lang');
  const { items } = await listJobRuns(c.get('deps'), { limit: 30 });
  return render(c, t(lang, 'jobs.title'), <JobsPage lang={lang} runs={items} started={started} errors={errors} form={form} />, { status, wide: true });
}
