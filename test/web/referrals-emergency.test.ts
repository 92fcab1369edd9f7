// Emergency referrals on the pages (clinical safety rules 8.5): every page showing one says, in the
// user's language, to take the child to the emergency department now; the form asks for the phone
// handover and, without JavaScript, the server refuses an emergency without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageClient } from '../helpers/pages';
import { createWorld, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';
import { emergencyOverrides, move, referredUp } from '../server/referrals/fixtures';
import { childPageSections } from '../../web/children/sections';
import { render } from '../../web/render';

const ZH = '请立即送孩子到上海儿童医学中心急诊；如有任何危险征象（说话困难、嘴唇发紫、胸廓凹陷、精神萎靡或意识模糊、缓解药物无效），立即拨打120。本转诊单仅用于通知医院，不能代替急诊。';
// As the page escapes it.
const EN =
  'Take the child to the emergency department of Shanghai Children&#39;s Medical Center now; call 120 if there is any danger sign (struggling to speak, blue lips, the skin between the ribs sucking in, drowsy or confused, the reliever not helping). This referral only informs the hospital; it does not replace emergency care.';

let w: World;
beforeAll(async () => {
  w = await createWorld();
  w.app.get('/__test/child/:id', async (c) => render(c, 'child', await childPageSections(c, c.get('actor')!, c.req.param('id'))));
});
afterAll(async () => {
  await w.close();
});

const { page, post } = pageClient(() => w);

/** The page's text with the markup's apostrophe escape undone, whichever form the renderer used. */
const apostrophes = (html: string) => html.replace(/&#39;|&#x27;|&apos;/g, '&#39;');

describe('an emergency referral on the pages', () => {
  it('shows the instruction on its page, to both sides, in zh and en, with the phone handover', async () => {
    const { id } = await referredUp(w, emergencyOverrides());
    for (const as of ['hospital', 'clinicA', 'admin']) {
      const zh = (await page(as, `/referrals/${id}`)).html;
      expect(zh, as).toContain(ZH);
      expect(zh).toContain('role="alert"');
      expect(zh).toContain('急诊科值班医生王医生');
      expect(zh).toContain('2026-03-02 09:55'); // the call, in Shanghai time
      expect(apostrophes((await page(as, `/referrals/${id}`, 'en')).html), as).toContain(EN);
    }
  });

  it('does not show it for a routine referral', async () => {
    const { id } = await referredUp(w);
    expect((await page('hospital', `/referrals/${id}`)).html).not.toContain(ZH);
  });

  it('shows it on the lists that hold one: the inboxes, the clinician home and the child page', async () => {
    w.clock.advance(60_000); // newer than the first test's emergency
    const { childId, id } = await referredUp(w, emergencyOverrides());
    const inbox = (await page('hospital', '/referrals?box=incoming')).html;
    expect(inbox).toContain(ZH);
    // The newest emergency comes first, before the routine referrals of the earlier tests.
    expect(inbox.match(/href="\/referrals\/([0-9a-f-]{36})"/)?.[1]).toBe(id);
    expect(apostrophes((await page('clinicA', '/referrals?box=outgoing', 'en')).html)).toContain(EN);
    expect((await page('hospital', '/')).html).toContain(ZH);
    expect((await page('clinicA', `/__test/child/${childId}`)).html).toContain(ZH);
    // A list without one does not.
    expect((await page('hospital', '/referrals?box=incoming&status=completed')).html).not.toContain(ZH);
  });
});

describe('the new-referral form and an emergency', () => {
  it('asks for the phone handover going up, required once U1-U3 is ticked, and offers no emergency going down', async () => {
    const childId = await enrol(w);
    const plain = (await page('clinicA', `/referrals/new?childId=${childId}`)).html;
    expect(plain).toContain('name="handoverTo"');
    expect(plain).toContain('name="handoverAt"');
    expect(plain).toContain('value="emergency"');
    expect(plain).not.toMatch(/name="handoverTo"[^>]*required/);
    const u1 = (await page('clinicA', `/referrals/new?childId=${childId}&reasons=U1`)).html;
    expect(u1).toMatch(/name="handoverTo"[^>]*required/);
    expect(u1).toMatch(/name="handoverAt"[^>]*required/);
    expect(u1).toMatch(/value="emergency" checked/);
    const { childId: upChild, id } = await referredUp(w);
    await move(w, 'hospital', id, 'accept');
    const down = (await page('hospital', `/referrals/new?childId=${upChild}&previous=${id}`)).html;
    expect(down).not.toContain('value="emergency"');
    expect(down).not.toContain('name="handoverTo"');
  });

  it('refuses an emergency without the handover, keeping what was typed, then sends it and confirms with the instruction', async () => {
    const childId = await enrol(w);
    const fields: [string, string][] = [
      ['childId', childId],
      ['toCenterId', w.ids.hospital],
      ['urgency', 'routine'],
      ['reasons', 'U2'],
      ['summary', '用药后峰流速仍在红区'],
    ];
    const before = await w.db.selectFrom('referrals').select('id').execute();
    const zh = await post('clinicA', '/referrals/new', fields);
    expect(zh.status).toBe(400);
    expect(zh.html).toContain('急诊转诊须记录电话通知了医院的谁、在何时');
    expect(zh.html).toContain('用药后峰流速仍在红区');
    expect(zh.html).toMatch(/name="handoverTo"[^>]*required/);
    const en = await post('clinicA', '/referrals/new', [...fields, ['handoverTo', '王医生'], ['handoverAt', '2026-03-02T10:30']], 'en');
    expect(en.status).toBe(400);
    expect(en.html).toContain('The call cannot be later than now');
    expect(en.html).toContain('value="王医生"');
    expect(await w.db.selectFrom('referrals').select('id').execute()).toHaveLength(before.length);
    const sent = await post('clinicA', '/referrals/new', [...fields, ['handoverTo', '急诊科王医生'], ['handoverAt', '2026-03-02T09:50']]);
    expect(sent.status).toBe(303);
    const id = sent.location!.slice('/referrals/'.length, '/referrals/'.length + 36);
    const row = await w.db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ urgency: 'emergency', phone_handover_to: '急诊科王医生', phone_handover_at: '2026-03-02T01:50:00.000Z' });
    const confirmation = (await page('clinicA', sent.location!)).html;
    expect(confirmation).toContain('转诊已发出。');
    expect(confirmation).toContain(ZH);
  });
});
