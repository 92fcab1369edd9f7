// The district's schools overview and kit alerts are kept in memory under school_data_version (migration 0015) and the
// day. Every change to what it shows, by this server or by another connection, must show on the next
// view, and the kept answer must equal one computed afresh.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAndMigrate } from '../../../server/bootstrap';
import { schoolsOverview } from '../../../server/schools/summary';
import { listKitAlerts } from '../../../server/schools/alerts';
import type { RequestContext } from '../../../server/context';
import { createWorld, ids, type World } from '../../helpers/world';
import { assessment, trainedStaff } from './rules/school-fixture';
import { UNTIL_HANG } from '../../helpers/poll';

let w: World;
let other: Database.Database;
beforeAll(async () => {
  w = await createWorld({ now: '2025-10-20T02:00:00Z' });
  other = new Database(w.dbPath);
});
afterAll(async () => {
  other.close();
  await w.close();
});

const docs = { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true };
type Row = { id: string; name: string; latest: { grade: string } | null; reassessOverdue: boolean; alerts: Record<string, number>; escalated: number; openActions: number };
const overview = async () => (await w.call('manager', 'GET', '/api/v1/schools/overview')).body as { date: string; items: Row[] };
const school1 = async () => (await overview()).items.find((s) => s.id === ids.school1)!;

const managerCtx = (): RequestContext => ({
  actor: { id: w.userIds.manager!, username: 'manager', displayName: 'manager', role: 'manager', centerId: null, schoolId: null, sessionId: null },
  requestId: 'test',
});

/** What a server that never saw this database would answer (its own connection, so nothing kept). */
async function computedAfresh() {
  const opened = await openAndMigrate(w.dbPath);
  try {
    return JSON.parse(JSON.stringify(await schoolsOverview({ ...w.deps, db: opened.db }, managerCtx())));
  } finally {
    await opened.db.destroy();
  }
}

/** The district's kit alerts as served, and as computed afresh, for each ?within asked. */
async function kitAlertsBothWays() {
  const opened = await openAndMigrate(w.dbPath);
  try {
    const served: unknown[] = [];
    const fresh: unknown[] = [];
    for (const within of [7, 60, 366]) {
      served.push((await w.call('manager', 'GET', `/api/v1/kits/alerts?within=${within}&limit=500`)).body);
      fresh.push(JSON.parse(JSON.stringify(await listKitAlerts({ ...w.deps, db: opened.db }, managerCtx(), { within, limit: 500 }))));
    }
    return { served, fresh };
  } finally {
    await opened.db.destroy();
  }
}

describe('the schools overview kept in memory', () => {
  it('shows each change on the next view, and equals a fresh computation after each', async () => {
    const first = await school1();
    expect(first).toMatchObject({ latest: null, reassessOverdue: true, escalated: 0 });
    expect(await overview()).toEqual(await computedAfresh());

    // An assessment through the API: a grade, open actions (no kits: a P1 due 3 days later).
    const res = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, assessment({ date: '2025-10-15', staffTraining: trainedStaff(2) }));
    expect(res.status, res.text).toBe(201);
    const assessed = await school1();
    expect(assessed.latest?.grade).toBe('D');
    expect(assessed.openActions).toBeGreaterThan(0);
    expect(assessed.escalated).toBe(1);
    expect(await overview()).toEqual(await computedAfresh());

    // A kit with an expired MDI, then its monthly check.
    const kit = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/kits`, {
      label: '一楼',
      kind: 'fixed',
      location: '保健室',
      locked: false,
      storageOk: true,
      spacers: 2,
      documents: docs,
      mdis: [{ batch: 'X1', expiry: '2025-10-01', counterReading: 200 }],
    });
    expect(kit.status, kit.text).toBe(201);
    expect((await school1()).alerts).toMatchObject({ expired: 1, checkOverdue: 1 });
    const added = await w.call('nurse1', 'POST', `/api/v1/kits/${kit.body.id}/mdis`, { batch: 'X2', expiry: '2025-11-20', counterReading: 200 });
    expect(added.status, added.text).toBe(201);
    const alerts = await kitAlertsBothWays();
    expect(alerts.served).toEqual(alerts.fresh);
    // Expiring in 31 days: listed within 60 and 366 days, not within 7.
    expect((alerts.served as { items: { mdiBatch?: string }[] }[]).map((a) => a.items.some((x) => x.mdiBatch === 'X2'))).toEqual([false, true, true]);
    const checked = await w.call('nurse1', 'POST', `/api/v1/kits/${kit.body.id}/checks`, {
      date: '2025-10-20',
      mdiPresent: true,
      mdiInDate: false,
      dosesOk: true,
      spacers: 2,
      documents: docs,
      unlocked: true,
      storageOk: true,
      poster: true,
      registerReachable: true,
    });
    expect(checked.status, checked.text).toBe(201);
    expect((await school1()).alerts.checkOverdue).toBe(0);
    expect(await overview()).toEqual(await computedAfresh());

    // Changes made by another connection (another process, an admin's SQL): the triggers count them too,
    // and the server sees the commit at its next look (at most once a millisecond, db/sqlite/change-watch.ts).
    other.prepare('update schools set name = ? where id = ?').run('测试第一小学（东校区）', ids.school1);
    await expect.poll(async () => (await school1()).name, UNTIL_HANG).toBe('测试第一小学（东校区）');
    other.prepare("update assessments set grade = 'A' where school_id = ?").run(ids.school1);
    await expect.poll(async () => (await school1()).latest?.grade, UNTIL_HANG).toBe('A');
    other.prepare("update assessment_actions set status = 'done', closing_note = 'x' where school_id = ? and status = 'open'").run(ids.school1);
    await expect.poll(async () => (await school1()).escalated, UNTIL_HANG).toBe(0);
    other.prepare('update kit_mdis set expiry = ?, expiry_date = ? where batch = ?').run('2027-01', '2027-01-31', 'X1');
    await expect.poll(async () => (await school1()).alerts.expired, UNTIL_HANG).toBe(0);
    const later = await kitAlertsBothWays();
    expect(later.served).toEqual(later.fresh);
    expect((later.served as { items: { mdiBatch?: string }[] }[])[2]!.items.some((x) => x.mdiBatch === 'X1')).toBe(false);
    other.prepare('delete from kit_checks').run();
    await expect.poll(async () => (await school1()).alerts.checkOverdue, UNTIL_HANG).toBe(1);
    other.prepare("update kits set status = 'retired'").run();
    await expect.poll(async () => (await school1()).alerts.checkOverdue, UNTIL_HANG).toBe(0);
    expect(await overview()).toEqual(await computedAfresh());
  });

  it('follows the day without any change to the data', async () => {
    // An assessment of its own, at school 2 (the test above follows school 1 from no assessment).
    const res = await w.call('nurse2', 'POST', `/api/v1/schools/${ids.school2}/assessments`, assessment({ date: '2025-10-15', staffTraining: trainedStaff(2) }));
    expect(res.status, res.text).toBe(201);
    const before = await overview();
    w.clock.set('2027-03-01T02:00:00Z');
    w.forgetSessions(); // signed in again on the later day
    try {
      const after = await overview();
      expect(after.date).toBe('2027-03-01');
      // The assessment of 2025-10-15 is due again well before 2027: overdue on the later day, not before.
      expect(before.items.find((s) => s.id === ids.school2)!.reassessOverdue).toBe(false);
      expect(after.items.find((s) => s.id === ids.school2)!.reassessOverdue).toBe(true);
      expect(after).toEqual(await computedAfresh());
    } finally {
      w.clock.set('2025-10-20T02:00:00Z');
      w.forgetSessions();
    }
  });

  it('hands out rows no caller can change', async () => {
    const { items } = await schoolsOverview(w.deps, managerCtx());
    const row = items[0] as { name: string; alerts: { expired: number } };
    expect(() => {
      row.name = 'x';
    }).toThrow(TypeError);
    expect(() => {
      row.alerts.expired = 99;
    }).toThrow(TypeError);
    expect(Object.isFrozen(items)).toBe(true);
  });
});
