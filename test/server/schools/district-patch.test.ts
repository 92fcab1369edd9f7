// After a change, the district's kept overview and kit alerts are brought up to date by recomputing
// only the schools changed since (migration 0019 records them, by trigger). What is served after
// any sequence of changes must equal a computation from scratch, rows in the same order.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAndMigrate } from '../../../server/bootstrap';
import { schoolsOverview } from '../../../server/schools/summary';
import { listKitAlerts } from '../../../server/schools/alerts';
import { districtCached } from '../../../server/schools/district-cache';
import { changeWatchOf } from '../../../db/sqlite/change-watch';
import type { RequestContext } from '../../../server/context';
import { seededRandom } from '../../../server/demo/random';
import { createWorld, ids, type World } from '../../helpers/world';
import { assessment, trainedStaff } from './rules/school-fixture';

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

const managerCtx = (): RequestContext => ({
  actor: { id: w.userIds.manager!, username: 'manager', displayName: 'manager', role: 'manager', centerId: null, schoolId: null, sessionId: null },
  requestId: 'test',
});
const WITHIN = [7, 60, 366];
const docs = { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true };

/** Served by this server (kept and patched), and computed on a connection that kept nothing. */
async function bothWays() {
  const served = {
    overview: JSON.parse(JSON.stringify(await schoolsOverview(w.deps, managerCtx()))),
    alerts: [] as unknown[],
  };
  for (const within of WITHIN) served.alerts.push(JSON.parse(JSON.stringify(await listKitAlerts(w.deps, managerCtx(), { within, limit: 1000 }))));
  const opened = await openAndMigrate(w.dbPath);
  try {
    const deps = { ...w.deps, db: opened.db };
    const fresh = { overview: JSON.parse(JSON.stringify(await schoolsOverview(deps, managerCtx()))), alerts: [] as unknown[] };
    for (const within of WITHIN) fresh.alerts.push(JSON.parse(JSON.stringify(await listKitAlerts(deps, managerCtx(), { within, limit: 1000 }))));
    return { served, fresh };
  } finally {
    await opened.db.destroy();
  }
}

const changedSince = (version: number) => (other.prepare('select school_id from school_changes where version > ? order by school_id').all(version) as { school_id: string }[]).map((r) => r.school_id);
// The server sees another connection's commit at its next look at SQLite's data_version (at most
// once a millisecond, db/sqlite/change-watch.ts; its timing is tested there): here that look is made at once.
const seenElsewhere = () => void changeWatchOf(w.db)!.poll(true);
const currentVersion = () => (other.prepare('select version from school_data_version where id = 1').get() as { version: number }).version;

describe('school changes (migration 0019)', () => {
  it('records the school each change touches, MDIs and checks through their kit, a moved kit under both schools', async () => {
    const kit = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/kits`, {
      label: '一楼',
      kind: 'fixed',
      location: '保健室',
      locked: false,
      storageOk: true,
      spacers: 2,
      documents: docs,
      mdis: [{ batch: 'M1', expiry: '2025-11-01', counterReading: 200 }],
    });
    expect(kit.status, kit.text).toBe(201);
    let v = currentVersion();
    other.prepare("update kit_mdis set counter_reading = 20 where batch = 'M1'").run();
    expect(changedSince(v)).toEqual([ids.school1]);
    v = currentVersion();
    other.prepare('update kits set school_id = ? where id = ?').run(ids.school2, kit.body.id);
    expect(changedSince(v)).toEqual([ids.school1, ids.school2].sort());
    v = currentVersion();
    other.prepare("update kit_mdis set counter_reading = 19 where batch = 'M1'").run();
    expect(changedSince(v)).toEqual([ids.school2]); // the kit's school now
    v = currentVersion();
    const checked = await w.call('nurse2', 'POST', `/api/v1/kits/${kit.body.id}/checks`, {
      date: '2025-10-20',
      mdiPresent: true,
      mdiInDate: true,
      dosesOk: true,
      spacers: 2,
      documents: docs,
      unlocked: true,
      storageOk: true,
      poster: true,
      registerReachable: true,
    });
    expect(checked.status, checked.text).toBe(201);
    expect(changedSince(v)).toEqual([ids.school2]);
    v = currentVersion();
    other.prepare('update schools set pupils = pupils + 1 where id = ?').run(ids.school1);
    expect(changedSince(v)).toEqual([ids.school1]);
    // An MDI whose kit is gone names no school: the write still succeeds (the version still moves).
    other.pragma('foreign_keys = off');
    other.prepare("insert into kit_mdis (id, kit_id, product, batch, expiry, expiry_date, labelled_doses, status, created_at, updated_at) values ('orphan', 'no-such-kit', 'p', 'b', '2026-01', '2026-01-31', 200, 'in_use', 'x', 'x')").run();
    other.prepare("delete from kit_mdis where id = 'orphan'").run();
    other.pragma('foreign_keys = on');
    expect(currentVersion()).toBe(v + 3);
    expect(changedSince(v)).toEqual([ids.school1]);
  });
});

describe('the kept district figures, brought up to date school by school', () => {
  it('equal a fresh computation after each of 60 random changes, by the API or by SQL', async () => {
    const random = seededRandom(20261127);
    // Schools whose names sort together (the same name twice; full- and half-width digits).
    const names = ['测试第一小学', '测试第一小学', '阳光小学', '阳光中学', 'Ａ学校1', 'A学校1', '花园小学', '浦东实验学校'];
    const schoolIds = [ids.school1, ids.school2];
    const addSchool = () => {
      const id = random.uuid();
      other
        .prepare("insert into schools (id, name, kind, district, pupils, campuses, created_at) values (?, ?, 'primary', ?, ?, 1, '2025-01-01T00:00:00Z')")
        .run(id, random.pick(names), random.pick(['pudong', 'xuhui']), random.int(100, 2000));
      schoolIds.push(id);
    };
    for (let i = 0; i < 6; i++) addSchool();
    for (const [school, nurse] of [
      [ids.school1, 'nurse1'],
      [ids.school2, 'nurse2'],
    ] as const) {
      const a = await w.call(nurse, 'POST', `/api/v1/schools/${school}/assessments`, assessment({ date: '2025-10-15', staffTraining: trainedStaff(2) }));
      expect(a.status, a.text).toBe(201);
      const k = await w.call(nurse, 'POST', `/api/v1/schools/${school}/kits`, {
        label: '二楼',
        kind: 'mobile',
        location: '体育馆',
        locked: false,
        storageOk: true,
        spacers: 1,
        documents: docs,
        mdis: [
          { batch: `${nurse}-a`, expiry: '2025-12-01', counterReading: 150 },
          { batch: `${nurse}-b`, expiry: '2026-09-01', counterReading: 30 },
        ],
      });
      expect(k.status, k.text).toBe(201);
    }
    // The first view keeps both; every view after a change patches them.
    let { served, fresh } = await bothWays();
    expect(served).toEqual(fresh);

    const any = (table: string) => (other.prepare(`select id from ${table} order by id`).all() as { id: string }[]).map((r) => r.id);
    const changes: (() => void)[] = [
      () => other.prepare('update schools set name = ? where id = ?').run(random.pick(names), random.pick(schoolIds)),
      () => addSchool(),
      () =>
        other
          .prepare(
            'insert into assessments (id, school_id, date, rubric_version, input, result, score, band, grade, reassess_by, created_by, created_at) select ?, ?, ?, rubric_version, input, result, ?, band, ?, ?, created_by, created_at from assessments limit 1',
          )
          .run(random.uuid(), random.pick(schoolIds), `2025-${String(random.int(1, 10)).padStart(2, '0')}-15`, random.int(20, 100), random.pick(['A', 'B', 'C', 'D']), random.pick(['2025-09-01', '2026-04-15'])),
      () => other.prepare('update assessments set grade = ?, reassess_by = ? where id = ?').run(random.pick(['A', 'B', 'C', 'D']), random.pick(['2025-09-01', '2026-04-15']), random.pick(any('assessments'))),
      () => other.prepare('update assessment_actions set status = ?, due_date = ? where id = ?').run(random.pick(['open', 'done']), random.pick(['2025-09-01', '2025-10-19', '2025-12-01']), random.pick(any('assessment_actions'))),
      () => other.prepare('update kits set school_id = ? where id = ?').run(random.pick(schoolIds), random.pick(any('kits'))),
      () => other.prepare('update kits set status = ? where id = ?').run(random.pick(['active', 'retired']), random.pick(any('kits'))),
      () =>
        other
          .prepare('update kit_mdis set expiry = ?, expiry_date = ?, counter_reading = ?, status = ? where id = ?')
          .run('2025-11', random.pick(['2025-10-01', '2025-10-25', '2025-11-30', '2026-06-30']), random.int(0, 200), random.pick(['in_use', 'in_use', 'removed']), random.pick(any('kit_mdis'))),
      () =>
        other
          .prepare('insert into kit_checks select ?, kit_id, school_id, ?, mdi_present, mdi_in_date, doses_ok, spacers, documents, unlocked, storage_ok, poster, register_reachable, note, checked_by, created_at from kit_checks limit 1')
          .run(random.uuid(), random.pick(['2025-09-03', '2025-10-02'])),
      () => other.prepare('delete from kit_checks where id = ?').run(random.pick([...any('kit_checks'), 'none'])),
    ];
    for (let step = 0; step < 60; step++) {
      const change = random.pick(changes);
      try {
        change();
      } catch (error) {
        throw new Error(`step ${step}: ${String(error)}`);
      }
      seenElsewhere();
      ({ served, fresh } = await bothWays());
      expect(served, `step ${step}`).toEqual(fresh);
    }
    // The patches moved rows: not every school kept its first place.
    expect(new Set((fresh.overview as { items: { id: string }[] }).items.map((s) => s.id)).size).toBe(schoolIds.length);
  });

  it('recomputes only the changed schools, and everything once more than maxChanged changed', async () => {
    const calls: string[] = [];
    const computation = {
      all: async () => {
        calls.push('all');
        return ['all'];
      },
      patch: async (previous: string[], changed: readonly string[]) => {
        calls.push(`patch ${[...changed].sort().join(',')}`);
        return [...previous, ...changed];
      },
      maxChanged: 1,
    };
    const key = `test ${Math.random()}`;
    expect(await districtCached(w.db, '2025-10-20', key, computation)).toEqual(['all']);
    expect(await districtCached(w.db, '2025-10-20', key, computation)).toEqual(['all']); // unchanged: kept
    other.prepare('update schools set pupils = pupils + 1 where id = ?').run(ids.school2);
    seenElsewhere();
    other.prepare('update schools set pupils = pupils + 1 where id = ?').run(ids.school2);
    seenElsewhere();
    expect(await districtCached(w.db, '2025-10-20', key, computation)).toEqual(['all', ids.school2]);
    other.prepare('update schools set pupils = pupils + 1 where id in (?, ?)').run(ids.school1, ids.school2);
    seenElsewhere();
    expect(await districtCached(w.db, '2025-10-20', key, computation)).toEqual(['all']);
    expect(calls).toEqual(['all', `patch ${ids.school2}`, 'all']);

    // A new day drops the other days' answers (they are district-sized).
    calls.length = 0;
    expect(await districtCached(w.db, '2025-10-21', `${key} next day`, computation)).toEqual(['all']);
    expect(await districtCached(w.db, '2025-10-20', key, computation)).toEqual(['all']);
    expect(calls).toEqual(['all', 'all']);

    // Views that arrive together share one computation; a failed one is not kept.
    calls.length = 0;
    other.prepare('update schools set pupils = pupils + 1 where id = ?').run(ids.school1);
    seenElsewhere();
    const [x, y] = await Promise.all([districtCached(w.db, '2025-10-20', key, computation), districtCached(w.db, '2025-10-20', key, computation)]);
    expect(x).toBe(y);
    expect(calls).toEqual([`patch ${ids.school1}`]);
    let fail = true;
    const failing = {
      ...computation,
      patch: async (previous: string[], changed: readonly string[]) => {
        if (fail) throw new Error('disk');
        return computation.patch(previous, changed);
      },
    };
    other.prepare('update schools set pupils = pupils + 1 where id = ?').run(ids.school1);
    seenElsewhere();
    await expect(districtCached(w.db, '2025-10-20', key, failing)).rejects.toThrow('disk');
    fail = false;
    calls.length = 0;
    expect(await districtCached(w.db, '2025-10-20', key, failing)).toEqual(['all']);
    expect(calls).toEqual(['all']);
  });
});
