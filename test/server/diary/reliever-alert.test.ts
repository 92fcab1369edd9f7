// "Reliever on more than 2 of the last 7 days" (docs/clinical-rules.md, reliever_frequent) through
// the API, at the edges of its window. The rule (server/followups/rules/diary.ts) counts reliever
// days in every 7-day window [d, d+6] that contains the saved day; the service reads the diary
// around the saved day for it (server/diary/service.ts). The diary takes today and 3 days back
// only, so the days are written as they come, on the world's clock moved a day at a time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../server/calendar';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';
import { linkParent } from '../family-app/fixtures';

const DAY0 = '2026-03-02';
let w: World;
let child: string;
beforeEach(async () => {
  w = await createWorld({ now: `${DAY0}T02:00:00Z` }); // 10:00 in Shanghai on day 0
  child = await enrol(w);
  await linkParent(w, child);
});
afterEach(async () => {
  await w.close();
});

const quietDay = { daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0 };

/** Moves the clock to 10:00 Shanghai on day n and signs in afresh (the old session went idle). */
function onDay(n: number): string {
  const date = addDays(DAY0, n);
  w.clock.set(`${date}T02:00:00Z`);
  w.forgetSessions();
  return date;
}

/** The parent saves day n (today, or up to 3 days back) with `reliever` uses; the alerts it raised. */
async function save(n: number, reliever: number): Promise<string[]> {
  const res = await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/${addDays(DAY0, n)}`, { ...quietDay, relieverUses: reliever });
  expect(res.status, res.text).toBe(200);
  return res.body.alerts.map((a: { kind: string; level: string }) => `${a.kind} ${a.level}`);
}

/** The open alerts the child's centre sees on the child's record. */
async function centreSees(): Promise<string[]> {
  const res = await w.call('clinicA', 'GET', `/api/v1/children/${child}`);
  expect(res.status).toBe(200);
  return res.body.openAlerts.map((a: { kind: string; date: string }) => `${a.kind} ${a.date}`);
}

describe('reliever_frequent through the diary API', () => {
  it('reliever on days 0, 3 and 6 (3 days within 7): the third raises the nurse alert for the centre', async () => {
    onDay(0);
    expect(await save(0, 2)).toEqual([]);
    onDay(3);
    expect(await save(3, 1)).toEqual([]);
    onDay(6);
    expect(await save(6, 1)).toEqual(['reliever_frequent nurse']);
    expect(await centreSees()).toEqual([`reliever_frequent ${addDays(DAY0, 6)}`]);
  });

  it('reliever on days 0, 3 and 7 (the same 3 days over 8): no alert', async () => {
    onDay(0);
    expect(await save(0, 2)).toEqual([]);
    onDay(3);
    expect(await save(3, 1)).toEqual([]);
    onDay(7);
    expect(await save(7, 1)).toEqual([]);
    expect(await centreSees()).toEqual([]);
  });

  it('quiet days between do not count, nor does a day without the reliever raise it', async () => {
    onDay(0);
    expect(await save(0, 1)).toEqual([]);
    onDay(3);
    for (const n of [1, 2]) expect(await save(n, 0)).toEqual([]);
    expect(await save(3, 1)).toEqual([]);
    onDay(6);
    for (const n of [4, 5]) expect(await save(n, 0)).toEqual([]);
    // Two reliever days in the window so far, and day 6 without the reliever: nothing.
    expect(await save(6, 0)).toEqual([]);
    expect(await centreSees()).toEqual([]);
    // The same day replaced with a reliever use: the third in [0, 6].
    expect(await save(6, 1)).toEqual(['reliever_frequent nurse']);
  });

  it('a day back-filled into the window counts it: days 3 and 6 logged, day 4 filled in on day 6', async () => {
    onDay(3);
    expect(await save(3, 1)).toEqual([]);
    onDay(6);
    expect(await save(6, 1)).toEqual([]);
    // 2 days back: [0, 6] now holds days 3, 4 and 6.
    expect(await save(4, 1)).toEqual(['reliever_frequent nurse']);
    expect(await centreSees()).toEqual([`reliever_frequent ${addDays(DAY0, 4)}`]);
  });
});
