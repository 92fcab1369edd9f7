// The family app's diary page as the server renders it (issue 30): the form opens on today's entry
// rather than a blank day that would silently replace it, the page's state carries the offered days'
// values for the script to load on a change of date, /app names the pages the service worker keeps
// ahead of a first visit offline, and the queue's words are in the catalogue. The script itself runs
// in a real browser in test/e2e/family-app.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';
import { linkParent } from '../server/family-app/fixtures';
import { offeredDays } from '../../web/family-app/diary-state';
import { familyApp } from '../../web/i18n/family-app';

let w: World;
let first: string;
let second: string;

beforeAll(async () => {
  w = await createWorld();
  first = await enrol(w, { name: '日记甲' });
  second = await enrol(w, { name: '日记乙' });
  await linkParent(w, first);
  await linkParent(w, second);
});
afterAll(() => w.close());

async function html(user: string, path: string, lang: 'zh' | 'en' = 'zh') {
  const res = await w.app.request(path, { headers: { cookie: `${await w.cookieFor(user)}; lang=${lang}` } });
  expect(res.status).toBe(200);
  return res.text();
}
const jsonIn = (page: string, id: string) => JSON.parse(new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(page)![1]!);
const day = (over: Record<string, unknown> = {}) => ({ daytimeSymptoms: 'mild', nightWaking: true, nightCough: false, activityLimited: false, relieverUses: 2, pefAm: 250, triggers: ['cold'], note: '第一次记录', ...over });

describe('the family app home', () => {
  it("names each child's diary and plan page, and itself, for the service worker to keep", async () => {
    // parent2's own two children: the other tests link more children to parent1.
    const [one, two] = [await enrol(w, { name: '日记丁' }), await enrol(w, { name: '日记戊' })];
    for (const c of [one, two]) await linkParent(w, c, 'parent2');
    const page = await html('parent2', '/app');
    const pages: string[] = jsonIn(page, 'offline-pages');
    expect(pages[0]).toBe('/app');
    expect(pages.slice(1).sort()).toEqual([`/app/diary/${one}`, `/app/diary/${two}`, `/app/plan/${one}`, `/app/plan/${two}`].sort());
    // The script that passes them on is on the page.
    expect(page).toContain('/static/app/register-sw.js');
  });
});

describe('the diary page', () => {
  it('opens on a blank day when nothing is recorded, and says nothing about an entry', async () => {
    const page = await html('parent1', `/app/diary/${second}`);
    const state = jsonIn(page, 'diary-state');
    expect(state.entries).toEqual({});
    expect(state.days).toEqual({});
    expect(page).toMatch(/<p id="diary-day" class="muted" aria-live="polite" hidden=""><\/p>/);
    expect(page).toContain('id="f-relieverUses" name="relieverUses" type="number" value="0"');
    expect(page).toMatch(/<div id="diary-emergency"[^>]*hidden/);
  });

  it("opens on today's entry: a second edit the same day updates it, and the state carries the offered days' values", async () => {
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${first}/diary/2026-03-02`, day())).status).toBe(200);
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${first}/diary/2026-02-28`, day({ relieverUses: 0, daytimeSymptoms: 'none', note: undefined, triggers: [] }))).status).toBe(200);
    const page = await html('parent1', `/app/diary/${first}`);
    expect(page).toContain('id="f-relieverUses" name="relieverUses" type="number" value="2"');
    expect(page).toContain('id="f-pefAm" name="pefAm" type="number" value="250"');
    expect(page).toContain('id="f-note" name="note" type="text" value="第一次记录"');
    expect(page).toMatch(/id="f-nightWaking" type="checkbox" name="nightWaking" value="on" checked/);
    expect(page).toMatch(/id="f-trigger-cold" type="checkbox" name="triggers" value="cold" checked/);
    expect(page).toMatch(/<option value="mild" selected/);
    expect(page).toContain('2026-03-02 已有记录，已填入下面的表格；修改后保存会更新这一天的记录。');
    const state = jsonIn(page, 'diary-state');
    expect(Object.keys(state.entries).sort()).toEqual(['2026-02-28', '2026-03-02']);
    expect(state.days['2026-03-02']).toMatchObject({ daytimeSymptoms: 'mild', nightWaking: true, relieverUses: 2, pefAm: 250, triggers: ['cold'], note: '第一次记录', dangerSigns: [] });
    expect(state.days['2026-02-28']).toMatchObject({ daytimeSymptoms: 'none', relieverUses: 0, triggers: [] });
    expect(state.days['2026-02-28'].note).toBeUndefined();
  });

  it("today's danger sign is ticked and its emergency text shown, without JavaScript too", async () => {
    const child = await enrol(w, { name: '日记丙' });
    await linkParent(w, child);
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/2026-03-02`, day({ dangerSigns: ['blue_lips'] }))).status).toBe(200);
    const page = await html('parent1', `/app/diary/${child}`);
    expect(page).toMatch(/id="f-danger-blue_lips" type="checkbox" name="dangerSigns" value="blue_lips" checked/);
    expect(page).not.toMatch(/<div id="diary-emergency"[^>]*hidden/);
    expect(page).toContain('立即拨打120');
  });

  it('carries the queue\'s words and the "upload now" button in the page\'s language', async () => {
    const zh = await html('parent1', `/app/diary/${second}`);
    expect(zh).toMatch(/<div id="diary-queue" class="notice" hidden="">.*<button type="button" id="diary-upload-now">立即上传<\/button>/s);
    const msg = jsonIn(zh, 'diary-state').messages;
    expect(msg.queueMany.replace('{count}', '2')).toBe('手机上有 2 天的记录还没有上传。');
    expect(msg.rejectedTooOld).toContain('3 天内');
    const enPage = await html('parent1', `/app/diary/${second}`, 'en');
    expect(jsonIn(enPage, 'diary-state').messages.queueOne).toBe("1 day's entry is on the phone, not yet uploaded.");
    expect(enPage).toContain('<button type="button" id="diary-upload-now">Upload now</button>');
    // Nothing the queue says claims the centre has the day.
    for (const text of [msg.queueOne, msg.queueMany, msg.dayQueued]) expect(text).not.toMatch(/已上传|已收到|医生|中心/);
  });
});

describe('the offered days', () => {
  it('only the days the form offers, with their versions and values', () => {
    const item = (date: string, updatedAt: string) => ({
      id: date,
      childId: 'c',
      date,
      daytimeSymptoms: 'none' as const,
      symptomsOverFewMinutes: null,
      nightWaking: false,
      nightCough: true,
      activityLimited: false,
      relieverUses: 1,
      controllerTakenAm: true,
      controllerTakenPm: null,
      pefAm: null,
      pefPm: 300,
      pefZone: null,
      triggers: [],
      schoolAbsence: null,
      unscheduledCare: 'none' as const,
      ocsStarted: null,
      dangerSigns: [],
      symptomZone: 'green' as const,
      zone: 'green' as const,
      note: null,
      clientId: null,
      updatedAt,
    });
    const { entries, days } = offeredDays([item('2026-02-20', 'a'), item('2026-03-01', 'b')], ['2026-03-02', '2026-03-01', '2026-02-28', '2026-02-27']);
    expect(entries).toEqual({ '2026-03-01': 'b' });
    expect(days).toEqual({
      '2026-03-01': {
        daytimeSymptoms: 'none',
        symptomsOverFewMinutes: false,
        nightWaking: false,
        nightCough: true,
        activityLimited: false,
        relieverUses: 1,
        controllerTakenAm: true,
        controllerTakenPm: false,
        pefAm: undefined,
        pefPm: 300,
        triggers: [],
        schoolAbsence: false,
        unscheduledCare: 'none',
        ocsStarted: false,
        note: undefined,
        dangerSigns: [],
      },
    });
  });
});

describe('the catalogue', () => {
  it("the diary's new Chinese words use full-width punctuation", () => {
    for (const key of ['offline.daySaved', 'offline.dayQueued', 'offline.queueOne', 'offline.queueMany', 'offline.rejectedFields', 'offline.rejectedDay', 'offline.rejectedTooOld'] as const) {
      expect(familyApp.zh[key], key).not.toMatch(/[,;:.!?]/);
      expect(familyApp.zh[key], key).toMatch(/。$/);
      expect(familyApp.en[key], key).toBeTruthy();
    }
  });
});
