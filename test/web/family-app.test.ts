import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';
import { linkParent, planBody } from '../server/family-app/fixtures';

let w: World;
let child: string;

beforeAll(async () => {
  w = await createWorld();
  child = await enrol(w, { name: '小明<b>' });
  await linkParent(w, child);
  await w.call('clinicA', 'PUT', `/api/v1/children/${child}/action-plan`, planBody());
  await w.db.updateTable('articles').set({ status: 'published' }).execute();
});
afterAll(() => w.close());

async function page(user: string | null, path: string, init: RequestInit = {}) {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (user) headers.cookie = await w.cookieFor(user);
  const res = await w.app.request(path, { ...init, headers });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

const form = (user: string, path: string, fields: Record<string, string>) =>
  page(user, path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: new URLSearchParams(fields).toString() });

describe('installable app plumbing', () => {
  it('serves a valid web app manifest with PNG icons that exist', async () => {
    const res = await page(null, '/manifest.webmanifest');
    expect(res.headers.get('content-type')).toContain('application/manifest+json');
    const manifest = JSON.parse(res.html);
    expect(manifest).toMatchObject({ start_url: '/app', scope: '/', display: 'standalone', short_name: '哮喘助手' });
    expect(manifest.name.length).toBeGreaterThan(0);
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i: { sizes: string }) => i.sizes === size);
      const png = await w.app.request(icon.src);
      expect(png.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await png.arrayBuffer());
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      expect(bytes.readUInt32BE(16)).toBe(Number(size.split('x')[0]));
    }
    expect((await w.app.request('/app/icon-180.png')).status).toBe(200);
    expect((await w.app.request('/static/app/icon-maskable.svg')).status).toBe(200);
    expect(JSON.parse((await page(null, '/manifest.webmanifest', { headers: { cookie: 'lang=en' } })).html).lang).toBe('en');
  });

  it('serves the service worker from the root scope as JavaScript, and it parses', async () => {
    const res = await page(null, '/sw.js');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('service-worker-allowed')).toBe('/');
    expect(() => new Function(res.html)).not.toThrow();
    expect(res.html).toContain("addEventListener('push'");
    for (const asset of ['/app/offline', '/static/app/register-sw.js', '/static/app/offline-diary.js', '/static/app/push.js', '/static/app/print.js']) {
      expect(res.html).toContain(asset);
      expect((await page(null, asset)).status, asset).toBe(200);
    }
  });
});

describe('the family pages (no JavaScript needed)', () => {
  it('the app home links the plan, the offline diary, articles and notifications, with the manifest in the head', async () => {
    const { status, html } = await page('parent1', '/app');
    expect(status).toBe(200);
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"/>');
    expect(html).toContain('<link rel="apple-touch-icon" href="/app/icon-180.png"/>');
    expect(html).toContain('<script src="/static/app/register-sw.js" defer=""></script>');
    expect(html).toContain(`href="/app/plan/${child}"`);
    expect(html).toContain(`href="/app/diary/${child}"`);
    expect(html).toContain('小明&lt;b&gt;');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('the plan page shows the three zones with PEF ranges, a print button and a bilingual version', async () => {
    const { html } = await page('parent1', `/app/plan/${child}`);
    expect(html).toContain('id="zone-green"');
    expect(html).toContain('≥ 240 L/min');
    expect(html).toContain('150–239 L/min');
    expect(html).toContain('≤ 149 L/min');
    expect(html).toContain('id="print-plan" hidden');
    expect(html).toContain('丙酸氟替卡松');
    const both = await page('parent1', `/app/plan/${child}?both=1`);
    expect(both.html).toContain('绿区 / Green zone');
    expect((await page('parent2', `/app/plan/${child}`)).status).toBe(404);
  });

  it('the school nurse sees the summary page of her pupil only, without the controller', async () => {
    const mine = await page('nurse1', `/app/plan/${child}`);
    expect(mine.status).toBe(200);
    expect(mine.html).toContain('沙丁胺醇气雾剂');
    expect(mine.html).not.toContain('丙酸氟替卡松');
    expect((await page('nurse2', `/app/plan/${child}`)).status).toBe(404);
    const list = await page('nurse1', '/app/plans');
    expect(list.html).toContain(`/app/plan/${child}`);
  });

  it('articles render sanitised; the article page works for anyone', async () => {
    const list = await page(null, '/app/articles');
    expect(list.html).toContain('/app/articles/inhaler-and-spacer');
    const one = await page(null, '/app/articles/inhaler-and-spacer');
    expect(one.status).toBe(200);
    expect(one.html).toContain('<img src="/static/app/articles/spacer-steps.svg"');
    expect((await page(null, '/static/app/articles/spacer-steps.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('the offline diary form posts to the plain diary page without JavaScript and carries the sync state', async () => {
    const { html } = await page('parent1', `/app/diary/${child}`);
    expect(html).toContain(`action="/diary/${child}"`);
    expect(html).toContain('id="offline-diary"');
    expect(html).toContain('<script type="application/json" id="diary-state">');
    expect(html).toContain('/static/app/offline-diary.js');
  });

  it('the clinician writes a plan with a form: errors keep what was typed, success redirects 303', async () => {
    // A child of its own: the new version would otherwise be the one the other tests read.
    const child = await enrol(w, { name: '表单计划' });
    await linkParent(w, child);
    expect((await w.call('clinicA', 'PUT', `/api/v1/children/${child}/action-plan`, planBody())).status).toBe(200);
    const edit = await page('clinicA', `/app/plan/${child}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.html).toContain('name="yellow.med0.name"');
    const bad = await form('clinicA', `/app/plan/${child}/edit`, {
      personalBestPef: '310',
      'green.signs': '好',
      'yellow.signs': '咳',
      'red.signs': '喘',
      'yellow.med0.role': 'controller',
      'yellow.med0.name': '某药<script>',
      'yellow.med0.dose': '1 喷',
      callDoctorWhen: '不缓解',
      call120When: '红区',
      'contact0.name': '妈妈',
      'contact0.phone': '13800138000',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('黄区和红区必须写明缓解药物');
    expect(bad.html).toContain('value="某药&lt;script&gt;"');
    const good = await form('clinicA', `/app/plan/${child}/edit`, {
      personalBestPef: '310',
      'green.signs': '好',
      'yellow.signs': '咳',
      'red.signs': '喘',
      'yellow.med0.role': 'reliever',
      'yellow.med0.name': '沙丁胺醇',
      'yellow.med0.dose': '2 喷',
      'red.med1.role': 'reliever',
      'red.med1.name': '沙丁胺醇',
      'red.med1.dose': '4 喷',
      callDoctorWhen: '不缓解',
      call120When: '红区',
      'contact0.name': '妈妈',
      'contact0.phone': '13800138000',
      'red.schedule.puffs': '2',
      'red.schedule.everyMinutes': '2',
      'red.schedule.maxPuffs': '10',
      'red.schedule.repeatAfterMinutes': '10',
    });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`/app/plan/${child}`);
    expect((await w.call('parent1', 'GET', `/api/v1/children/${child}/action-plan`)).body).toMatchObject({ version: 2, personalBestPef: 310 });
  });

  it('the child page offers the plan and "send an article"; sending redirects back with a notice', async () => {
    const detail = await page('clinicA', `/children/${child}`);
    expect(detail.html).toContain(`/app/plan/${child}/edit`);
    expect(detail.html).toContain(`action="/app/children/${child}/send-article"`);
    const sent = await form('clinicA', `/app/children/${child}/send-article`, { slug: 'peak-flow' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/children/${child}?articleSent=1#family-app`);
    expect((await page('parent1', '/app')).html).toContain('/app/articles/peak-flow');
  });

  it('editors edit articles in Markdown; parents cannot reach the editor', async () => {
    expect((await page('clinicA', '/app/editor')).status).toBe(200);
    expect((await page('parent1', '/app/editor')).status).toBe(403);
    const res = await form('admin', '/app/editor/new', { slug: 'new-one', topic: 'living', status: 'draft', 'title.zh': '新', 'title.en': 'New', 'body.zh': '正文', 'body.en': 'Body' });
    expect(res.status).toBe(303);
    const bad = await form('admin', '/app/editor/new', { slug: 'new-one', topic: 'living', status: 'draft', 'title.zh': '新', 'title.en': 'New', 'body.zh': '正文', 'body.en': 'Body' });
    expect(bad.status).toBe(409);
    expect(bad.html).toContain('这个网址名已被使用');
  });

  it('the notifications page turns this phone on or off, points to the choices per child, and says it needs JavaScript when posted without it', async () => {
    const get = await page('parent1', '/app/notifications');
    expect(get.html).toContain('id="push-form"');
    expect(get.html).toContain('/static/app/push.js');
    expect(get.html).toContain('href="/app/notifications/channels"');
    expect(get.html).not.toContain('name="district"');
    const post = await form('parent1', '/app/notifications', {});
    expect(post.html).toContain('开启通知需要启用浏览器的 JavaScript');
  });
});
