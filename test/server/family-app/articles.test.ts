import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';
import { linkParent } from './fixtures';
import { educationReachByCentre } from '../../../server/family-app/articles';

let w: World;
let child: string;

const article = (status: 'draft' | 'published', body = '## Hello\n\nSafe **text**.') => ({
  topic: 'basics',
  title: { zh: '测试文章', en: 'Test article' },
  body: { zh: body, en: body },
  status,
});

// A world per test: what is published, read and sent is the whole world's, and each test sets up
// what it reads (the order of tests is shuffled in CI).
beforeEach(async () => {
  w = await createWorld();
  child = await enrol(w);
  await linkParent(w, child);
});
afterEach(() => w.close());

/** Publishes an installed draft as it is, as a clinician. */
async function publish(slug: string): Promise<void> {
  const src = (await w.call('clinicA', 'GET', `/api/v1/articles/${slug}`)).body;
  const res = await w.call('clinicA', 'PUT', `/api/v1/articles/${slug}`, { topic: src.topic, title: src.title, body: src.source, status: 'published' });
  if (res.status !== 200) throw new Error(`publish ${slug} failed ${res.status} ${res.text}`);
}

describe('articles', () => {
  it('the library is installed as drafts: nothing public until published', async () => {
    const count = await w.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeGreaterThanOrEqual(11);
    expect((await w.call(null, 'GET', '/api/v1/articles')).body.items).toEqual([]);
    expect((await w.call(null, 'GET', '/api/v1/articles/what-is-asthma')).status).toBe(404);
    const drafts = await w.call('clinicA', 'GET', '/api/v1/articles?drafts=true');
    expect(drafts.body.items.length).toBeGreaterThanOrEqual(11);
    expect((await w.call('parent1', 'GET', '/api/v1/articles?drafts=true')).body.items).toEqual([]);
  });

  it('a clinician publishes; anyone then lists and reads it, body as sanitised HTML in both languages', async () => {
    await publish('peak-flow');
    const list = await w.call(null, 'GET', '/api/v1/articles?lang=en');
    expect(list.body.items).toEqual([expect.objectContaining({ slug: 'peak-flow', topic: 'monitoring', title: { zh: '峰流速和红黄绿三个区', en: 'Peak flow and the three zones' }, titleText: 'Peak flow and the three zones' })]);
    const one = await w.call(null, 'GET', '/api/v1/articles/peak-flow');
    expect(one.body.body.zh).toContain('<h2>三个区</h2>');
    expect(one.body.body.en).toContain('<img src="/static/app/articles/peak-flow.svg"');
    expect(one.body.source).toBeUndefined();
  });

  it('stores Markdown but never serves a script, handler or javascript: link', async () => {
    const body = '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>';
    expect((await w.call('admin', 'POST', '/api/v1/articles', { slug: 'xss-test', ...article('published', body) })).status).toBe(201);
    const res = await w.call('parent1', 'GET', '/api/v1/articles/xss-test');
    for (const html of [res.body.body.zh, res.body.body.en]) {
      expect(html).not.toMatch(/<script|<img|href="javascript/i);
      expect(html).toContain('&lt;script&gt;');
    }
  });

  it('only admins and clinicians edit; slugs are unique; drafts stay hidden', async () => {
    expect((await w.call('parent1', 'POST', '/api/v1/articles', { slug: 'by-parent', ...article('draft') })).status).toBe(403);
    expect((await w.call('nurse1', 'PUT', '/api/v1/articles/peak-flow', article('draft'))).status).toBe(403);
    expect((await w.call('clinicA', 'POST', '/api/v1/articles', { slug: 'taken', ...article('draft') })).status).toBe(201);
    expect((await w.call('clinicA', 'POST', '/api/v1/articles', { slug: 'taken', ...article('draft') })).status).toBe(409);
    expect((await w.call('clinicA', 'POST', '/api/v1/articles', { slug: 'Bad Slug', ...article('draft') })).status).toBe(400);
    expect((await w.call('clinicA', 'POST', '/api/v1/articles', { slug: 'a-draft', ...article('draft') })).status).toBe(201);
    expect((await w.call('parent1', 'GET', '/api/v1/articles/a-draft')).status).toBe(404);
    expect((await w.call('clinicB', 'GET', '/api/v1/articles/a-draft')).status).toBe(200);
    // The two accepted writes are audited; the refused ones are not.
    expect((await w.db.selectFrom('audit_log').select('action').where('entity', '=', 'article').execute()).map((a) => a.action)).toEqual(['create', 'create']);
  });

  it("records a family's reads (once per article and day) and counts reach per centre", async () => {
    await publish('peak-flow');
    expect((await w.call('admin', 'POST', '/api/v1/articles', { slug: 'second', ...article('published') })).status).toBe(201);
    await w.call('parent1', 'GET', '/api/v1/articles/peak-flow');
    await w.call('parent1', 'GET', '/api/v1/articles/peak-flow');
    await w.call('parent1', 'GET', '/api/v1/articles/second');
    await w.call(null, 'GET', '/api/v1/articles/peak-flow');
    await w.call('clinicA', 'GET', '/api/v1/articles/peak-flow');
    const reads = await w.db.selectFrom('article_reads').innerJoin('articles', 'articles.id', 'article_reads.article_id').select(['articles.slug', 'article_reads.opens', 'article_reads.user_id']).execute();
    expect(reads.sort((a, b) => a.slug.localeCompare(b.slug))).toEqual([
      { slug: 'peak-flow', opens: 2, user_id: w.userIds.parent1 },
      { slug: 'second', opens: 1, user_id: w.userIds.parent1 },
    ]);
    const reach = await educationReachByCentre(w.deps, { from: '2026-03-01', to: '2026-03-02' });
    expect(reach).toEqual([{ centerId: w.ids.centreA, families: 1, articlesRead: 2, sent: 0 }]);
    const api = await w.call('manager', 'GET', '/api/v1/education/reach?from=2026-03-01&to=2026-03-31');
    // One family is a small group: the API withholds it (docs/indicators.md, small numbers).
    expect(api.body.items[0]).toMatchObject({ centerId: w.ids.centreA, families: { withheld: true, value: null } });
    expect((await w.call('parent1', 'GET', '/api/v1/education/reach?from=2026-03-01&to=2026-03-31')).status).toBe(403);
  });

  it('a clinician sends a published article to a family in scope', async () => {
    await publish('peak-flow');
    expect((await w.call('clinicA', 'POST', '/api/v1/articles', { slug: 'a-draft', ...article('draft') })).status).toBe(201);
    expect((await w.call('clinicA', 'POST', `/api/v1/children/${child}/articles`, { slug: 'peak-flow' })).status).toBe(201);
    expect((await w.call('clinicA', 'POST', `/api/v1/children/${child}/articles`, { slug: 'a-draft' })).status).toBe(404);
    expect((await w.call('clinicB', 'POST', `/api/v1/children/${child}/articles`, { slug: 'peak-flow' })).status).toBe(404);
    expect((await w.call('parent1', 'POST', `/api/v1/children/${child}/articles`, { slug: 'peak-flow' })).status).toBe(403);
    const reach = await educationReachByCentre(w.deps, { from: '2026-03-02', to: '2026-03-02' });
    expect(reach[0]!.sent).toBe(1);
  });
});
