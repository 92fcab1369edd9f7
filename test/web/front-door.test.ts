// The parent's front door (issue 30): "/" shows today's index to a visitor who is not signed in,
// the district is a shareable address that works without JavaScript, and the parent's menu is
// in plain words with pages that work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../jobs/asthma-index/fake-open-meteo';
import { activeIndexRun, runIndexJob } from '../../server/asthma-index/job';
import { enrol } from '../server/children/fixtures';
import { linkParent } from '../server/family-app/fixtures';

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

async function page(world: World, path: string, headers: Record<string, string> = {}) {
  const res = await world.app.request(path, { headers });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

const ZH_DANGER = '如孩子出现说话困难、嘴唇发紫、胸廓凹陷（吸气时肋骨间凹陷）、精神萎靡或意识模糊，或缓解药物无效，立即拨打120。';
const EN_DANGER = 'If your child struggles to speak, has blue lips, the skin between the ribs sucks in, is drowsy or confused, or the reliever is not helping, call 120 now.';
const main = (html: string) => /<main[^>]*>(.*)<\/main>/s.exec(html)?.[1] ?? '';

describe('"/" for a visitor who is not signed in', () => {
  it("shows today's Pudong index first, then the sign-in form (Chinese)", async () => {
    const { status, html } = await page(w, '/');
    expect(status).toBe(200);
    const body = main(html);
    expect(body).toMatch(/^<section class="card" aria-labelledby="front-index-heading"><h1 id="front-index-heading">今日儿童哮喘指数<\/h1>/);
    expect(body).toContain('浦东新区 · 今天（2025-01-21）');
    expect(body).toContain('<span class="level level-5 level-big">5 级 · 高风险</span>');
    expect(body).toContain('<p>按医嘱每天坚持使用控制药物');
    expect(body).toContain(`<p><strong>${ZH_DANGER}</strong></p>`);
    expect(body).toContain('<a class="button" href="/index?district=pudong">明天预报、影响因素和最近 30 天</a>');
    expect(body).toContain('<a href="/index#district">查看其他区的指数</a>');
    // The index comes before signing in, and signing in still works from here.
    expect(body.indexOf('level-big')).toBeLessThan(body.indexOf('<form method="post" action="/login">'));
    expect(body).toContain('<h2 id="login-heading">登录</h2>');
    expect(body).toContain('查看哮喘指数无需登录');
    expect(html).toContain('<title>今日儿童哮喘指数 · 儿童哮喘防治平台</title>');
  });

  it('shows it in English with the language cookie', async () => {
    const { status, html } = await page(w, '/', { cookie: 'lang=en' });
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Today’s asthma index for children');
    expect(html).toContain('Pudong New Area · today (2025-01-21)');
    expect(html).toContain('Level 5 · Very high');
    expect(html).toContain(`<p><strong>${EN_DANGER}</strong></p>`);
    expect(html).toContain('Other districts');
    expect(html).toContain('<h2 id="login-heading">Sign in</h2>');
  });

  it('opens on the district the visitor chose last', async () => {
    const { html } = await page(w, '/', { cookie: 'index_district=xuhui' });
    expect(html).toContain('徐汇区 · 今天（2025-01-21）');
    expect(html).toContain('href="/index?district=xuhui"');
    expect((await page(w, '/', { cookie: 'index_district=nowhere' })).html).toContain('浦东新区 · 今天');
  });

  it('before the day is computed: says so, and still shows the danger signs', async () => {
    w.clock.set('2025-02-10T00:00:00Z');
    const { status, html } = await page(w, '/');
    w.clock.set('2025-01-21T00:00:00Z');
    expect(status).toBe(200);
    expect(html).toContain('2025-02-10 的指数尚未计算');
    expect(html).toContain(`<p><strong>${ZH_DANGER}</strong></p>`);
  });

  it('signing in from "/" lands on the home page', async () => {
    const res = await w.app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: 'username=parent2&password=correct-horse-battery',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });

  it('the sign-in page points a parent without an account to the index', async () => {
    expect((await page(w, '/login')).html).toContain('<a href="/index">家长无需登录即可查看今日儿童哮喘指数 →</a>');
  });
});

describe('/index?district=…: a shareable address, no JavaScript needed', () => {
  it('renders Xuhui on the server, with Xuhui chosen in a plain GET form', async () => {
    const { status, html, headers } = await page(w, '/index?district=xuhui');
    expect(status).toBe(200);
    expect(html).toContain('<h1>徐汇区 · 今天（2025-01-21）');
    expect(html).toMatch(/class="level level-\d"/);
    expect(html).toContain('<form method="get" action="/index" class="card no-print"><label for="district">选择区</label><select id="district" name="district">');
    expect(html).toMatch(/<option value="xuhui" selected="">徐汇区<\/option>/);
    expect(html).toContain('<button type="submit">查看</button>');
    // Remembered, so "/" opens on it next time.
    expect(headers.get('set-cookie')).toMatch(/^index_district=xuhui;/);
  });

  it('takes the code in any case, and an empty choice as none', async () => {
    expect((await page(w, '/index?district=XuHui')).html).toContain('<h1>徐汇区 · 今天');
    const empty = await page(w, '/index?district=');
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('<h1>浦东新区 · 今天');
    expect(empty.html).not.toContain('无法识别');
  });

  it("an unknown district: 400, a clear message in the page's language, and the Pudong index", async () => {
    const zh = await page(w, '/index?district=nowhere');
    expect(zh.status).toBe(400);
    expect(zh.html).toContain('<p class="notice" role="status">无法识别网址中的区，下面显示的是浦东新区的指数。请在下方选择您所在的区。</p>');
    expect(zh.html).toContain('<h1>浦东新区 · 今天');
    expect(zh.headers.get('set-cookie')).toBeNull();
    const en = await page(w, '/index?district=nowhere', { cookie: 'lang=en' });
    expect(en.status).toBe(400);
    expect(en.html).toContain('The district in this address is not one we know. This is the index for Pudong New Area; choose your district below.');
    // Whatever is typed into the address is never shown back, and never a 500.
    for (const bad of ['%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'x'.repeat(5000), '%00', '%E5%BE%90%E6%B1%87']) {
      const res = await page(w, `/index?district=${bad}`);
      expect(res.status).toBe(400);
      expect(res.html).not.toContain('<script>alert');
      expect(res.html).not.toContain('xxxxxxxxxx');
    }
  });
});

describe("the parent's menu", () => {
  let w2: World;
  let children: string[];
  beforeAll(async () => {
    w2 = await createWorld();
    children = [await enrol(w2, { name: '小明' }), await enrol(w2, { name: '小红' })];
    for (const child of children) await linkParent(w2, child);
  });
  afterAll(() => w2.close());

  const nav = (html: string) => /<nav aria-label="[^"]+"><ul>(.*?)<\/ul><\/nav>/s.exec(html)?.[1] ?? '';

  it('has no webhook page, and notification settings in plain words', async () => {
    const cookie = await w2.cookieFor('parent1');
    const menu = nav((await page(w2, '/', { cookie })).html);
    expect(menu).not.toContain('/index/subscriptions');
    expect(menu).not.toMatch(/推送|webhook/i);
    expect(menu).toContain('<a href="/app/notifications">通知设置</a>');
    expect((await page(w2, '/app/notifications', { cookie })).status).toBe(200);
    const en = nav((await page(w2, '/', { cookie: `${cookie}; lang=en` })).html);
    expect(en).toContain('<a href="/app/notifications">Notification settings</a>');
    expect(en).not.toMatch(/alert|webhook/i);
  });

  it("the diary entry opens a page with each child's diary, for a parent with two children", async () => {
    const cookie = await w2.cookieFor('parent1');
    const menu = nav((await page(w2, '/', { cookie })).html);
    const diary = /<a href="([^"]+)">每日监测<\/a>/.exec(menu)?.[1];
    expect(diary).toBe('/app');
    expect(menu.match(/href="\/app"/g)).toHaveLength(1); // the family app is that same entry
    const res = await page(w2, diary!, { cookie });
    expect(res.status).toBe(200);
    for (const child of children) {
      expect(res.html).toContain(`href="/app/diary/${child}"`);
      expect((await page(w2, `/app/diary/${child}`, { cookie })).status).toBe(200);
    }
    expect([...menu.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/', '/app', '/index', '/app/notifications']);
  });

  it('other roles keep their menus', async () => {
    const admin = nav((await page(w2, '/', { cookie: await w2.cookieFor('admin') })).html);
    expect(admin).toContain('href="/admin/jobs"');
    expect(admin).not.toContain('/app/notifications');
  });
});
