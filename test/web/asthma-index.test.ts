import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../jobs/asthma-index/fake-open-meteo';
import { activeIndexRun, runIndexJob } from '../../server/asthma-index/job';
import { storeV01Day } from '../server/asthma-index/stored-v01';

let w: World;
let fake: FakeOpenMeteo;

beforeAll(async () => {
  fake = await startFakeOpenMeteo();
  w = await createWorld({ now: '2025-01-21T00:00:00Z', config: { WEATHER_URL: fake.forecastUrl, AIR_QUALITY_URL: fake.airQualityUrl } });
  await runIndexJob(w.deps, { trigger: 'schedule' });
});
afterAll(async () => {
  await activeIndexRun(w.db)?.then((run) => run.done);
  await w.close();
  await fake.close();
});

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await w.app.request(path, { headers });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

describe('the public index page', () => {
  it('renders for an anonymous visitor in Chinese: level badge, advice, factors, chart, disclaimer', async () => {
    const { status, html } = await page('/index');
    expect(status).toBe(200);
    expect(html).toContain('<html lang="zh-CN"');
    expect(html).toContain('浦东新区 · 今天（2025-01-21）');
    expect(html).toMatch(/class="level level-5">5 级 · 高风险/);
    expect(html).toContain('气温骤降 8.5°C');
    expect(html).toContain('给家长的建议');
    expect(html).toContain('不能替代医生诊断');
    expect(html).toContain('明天的预报尚未计算');
    expect(html).toContain('data-chart="index-history"');
    expect(html).toContain('<script type="application/json" id="index-history">{"type":"bar"');
    expect(html).toContain('/static/charts.js');
    // The chart's days as a table too, newest first, for readers without JavaScript or a screen.
    const table = /<details><summary>逐日等级（表格）<\/summary><table>(.*?)<\/table><\/details>/s.exec(html)?.[1] ?? '';
    const rows = [...table.matchAll(/<tr><td>(\d{4}-\d{2}-\d{2})<\/td><td>(.*?)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toHaveLength(30);
    expect(rows[0]).toEqual(['2025-01-21', '<span class="level level-5">5 级 · 高风险</span>']);
    expect(rows[29]![0]).toBe('2024-12-23');
    expect(rows.filter(([, cell]) => cell === '<span class="muted">未计算</span>').length).toBe(30 - rows.filter(([, cell]) => cell!.startsWith('<span class="level')).length);
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script (CSP)
    expect(html).toContain('Open-Meteo');
  });

  it('renders in English with the language cookie', async () => {
    const { status, html } = await page('/index', { cookie: 'lang=en' });
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Pudong New Area · today (2025-01-21)');
    expect(html).toContain('Level 5 · Very high');
    expect(html).toContain('Temperature drop 8.5°C');
    expect(html).toMatch(/<summary>Day by day \(table\)<\/summary><table><thead><tr><th scope="col">Date<\/th><th scope="col">Risk level<\/th>/);
    expect(html).toContain('does not replace medical advice');
  });

  it('a form kept from before still posts the district: remembered, and sent to its shareable address', async () => {
    const res = await w.app.request('/index/district', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: 'district=xuhui',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/index?district=xuhui');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toBe('index_district=xuhui');
    const { html } = await page('/index', { cookie });
    expect(html).toContain('徐汇区 · 今天');
    expect((await page('/index?district=jinshan')).html).toContain('金山区 · 今天');
  });

  it('says so when the day is not computed yet', async () => {
    w.clock.set('2025-02-10T00:00:00Z');
    const { status, html } = await page('/index');
    w.clock.set('2025-01-21T00:00:00Z');
    expect(status).toBe(200);
    expect(html).toContain('2025-02-10 的指数尚未计算');
  });

  it('the advice ends with the danger signs and 120 in a paragraph of their own; the disclaimer is shown once', async () => {
    const zhDanger = '如孩子出现说话困难、嘴唇发紫、胸廓凹陷（吸气时肋骨间凹陷）、精神萎靡或意识模糊，或缓解药物无效，立即拨打120。';
    const { html } = await page('/index');
    const advice = /<h2 id="advice-heading">给家长的建议<\/h2>(.*?)<h2>/s.exec(html)?.[1] ?? '';
    expect(advice).toMatch(new RegExp(`<p>按医嘱每天坚持使用控制药物.*</p><p><strong>${zhDanger.replace(/[()（）]/g, '.')}</strong></p>$`));
    expect(advice).not.toContain('本指数为基于天气与空气质量的人群风险提示');
    expect(html.split('本指数为基于天气与空气质量的人群风险提示').length - 1).toBe(1);
    const en = (await page('/index', { cookie: 'lang=en' })).html;
    expect(en).toContain('<p><strong>If your child struggles to speak, has blue lips, the skin between the ribs sucks in, is drowsy or confused, or the reliever is not helping, call 120 now.</strong></p>');
  });

  it('a day stored under algorithm 0.1 shows the advice re-rendered from the rules: HJ 633 words and the danger signs', async () => {
    await storeV01Day(w.db, 'chongming', '2025-01-21', '2025-01-21T00:00:00.000Z');
    const { html } = await page('/index?district=chongming');
    expect(html).toMatch(/崇明区 · 今天/);
    expect(html).toMatch(/class="level level-2">2 级/);
    expect(html).toContain('空气质量为轻度污染（AQI 101-150）：儿童和肺部疾病患者应减少长时间、高强度的户外锻炼。</p><p><strong>如孩子出现说话困难');
    expect(html).toContain('算法版本 0.1');
    const en = (await page('/index?district=chongming', { cookie: 'lang=en' })).html;
    expect(en).toContain('children and people with lung disease should reduce long or intense outdoor exercise.</p><p><strong>If your child struggles to speak');
  });

  it('marks a stale index when no run has succeeded for 36 hours', async () => {
    const fresh = await page('/index');
    expect(fresh.html).not.toContain('数据可能已过时');
    await w.db.updateTable('job_runs').set({ finished_at: '2025-01-19T00:00:00.000Z' }).execute();
    const { html } = await page('/index');
    await w.db.updateTable('job_runs').set({ finished_at: '2025-01-21T00:00:00.000Z' }).execute();
    expect(html).toContain('数据可能已过时');
    expect(html).toMatch(/class="level level-5"/);
  });
});

describe('signed-in pages', () => {
  it("a parent's old webhook page sends them to the notification settings; nobody else has it", async () => {
    const res = await page('/index/subscriptions', { cookie: await w.cookieFor('parent1') });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/notifications');
    expect((await page('/index/subscriptions', { cookie: await w.cookieFor('admin') })).status).toBe(403);
    const post = await w.app.request('/index/subscriptions', {
      method: 'POST',
      headers: { cookie: await w.cookieFor('parent1'), 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: 'district=pudong&minLevel=4&target=https%3A%2F%2Fgw.example%2Fhook',
    });
    expect(post.status).toBe(404);
  });

  it('a parent on the index page is pointed at notification settings, in plain words', async () => {
    const { html } = await page('/index', { cookie: await w.cookieFor('parent1') });
    expect(html).toContain('<a href="/app/notifications">指数较高时在手机上提醒我（通知设置）</a>');
    expect(html).not.toMatch(/webhook|订阅/i);
    expect((await page('/index')).html).not.toContain('/app/notifications');
  });

  it("a parent's home shows today's level; an anonymous visitor is sent to log in", async () => {
    const cookie = await w.cookieFor('parent1');
    const home = await page('/', { cookie });
    expect(home.html).toContain('今日哮喘指数');
    expect(home.html).toMatch(/level level-5/);
    const anon = await page('/index/subscriptions');
    expect(anon.status).toBe(303);
  });

  it('an admin sees the jobs page and starts a run from it', async () => {
    const cookie = await w.cookieFor('admin');
    const jobs = await page('/admin/jobs', { cookie });
    expect(jobs.status).toBe(200);
    expect(jobs.html).toContain('最近运行记录');
    expect(jobs.html).toContain('定时');
    const post = await w.app.request('/admin/jobs/run', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: 'date=&district=pudong&offline=1',
    });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toMatch(/^\/admin\/jobs\?run=[0-9a-f-]{36}$/);
    const home = await page('/', { cookie });
    expect(home.html).toContain('哮喘指数任务');
    expect((await page('/admin/jobs', { cookie: await w.cookieFor('parent1') })).status).toBe(403);
  });
});
