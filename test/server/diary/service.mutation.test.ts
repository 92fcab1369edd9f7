// The diary service's guards and records (server/diary/service.ts), pinned for the mutants the
// alerts group's run left alive (issue 38, test/MUTATION.md): who may write and acknowledge, a
// withdrawn child, the offline replay, the stored triggers, R4 after an urgent alert that comes with
// a nurse alert, the audit rows, a reversed date range, and acknowledging alerts one or a kind at a
// time. The route refuses other roles before the service does, so the service's own role checks are
// asked directly, as a page or job calling it would.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, RequestContext } from '../../../server/context';
import { acknowledgeAlert, acknowledgeAlertsOfKind, saveDiaryEntry } from '../../../server/diary/service';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';
import { linkParent } from '../family-app/fixtures';
import { upBody } from '../referrals/fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
}); // 2026-03-02, 10:00 in Shanghai
afterAll(async () => {
  await w.close();
});

const quiet = { daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0 };
const yellow = { ...quiet, daytimeSymptoms: 'moderate' };
const red = { ...quiet, daytimeSymptoms: 'severe' };

async function child(): Promise<string> {
  const id = await enrol(w);
  await linkParent(w, id);
  return id;
}
const put = (id: string, date: string, body: unknown, as = 'parent1') => w.call(as, 'PUT', `/api/v1/children/${id}/diary/${date}`, body);

/** A request context for a world account, or for a made-up one of a role the world has no user for. */
function ctxOf(username: string, role: Actor['role'], centerId: string | null = null, schoolId: string | null = null): RequestContext {
  const id = w.userIds[username] ?? randomUUID();
  return { actor: { id, username, displayName: username, role, centerId, schoolId, sessionId: null }, requestId: randomUUID() };
}
const auditRows = (entity: string, entityId: string) =>
  w.db.selectFrom('audit_log').select(['user_id', 'role', 'action', 'entity', 'entity_id', 'outcome']).where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('id').execute();
const openAlerts = (childId: string) => w.db.selectFrom('clinical_alerts').select(['id', 'kind', 'source_date']).where('child_id', '=', childId).where('acknowledged_at', 'is', null).orderBy('source_date').orderBy('kind').execute();

describe('saving a diary day', () => {
  it('is for parents, clinicians and admins: a school nurse or a manager is refused by the service itself', async () => {
    const id = await child();
    for (const ctx of [ctxOf('nurse1', 'nurse', null, w.ids.school1), ctxOf('manager', 'manager')]) {
      await expect(saveDiaryEntry(w.deps, ctx, id, '2026-03-02', quiet as never)).rejects.toMatchObject({ status: 403 });
    }
    expect(await w.db.selectFrom('diary_entries').select('id').where('child_id', '=', id).execute()).toEqual([]);
  });

  it('is refused for a withdrawn child, naming the child', async () => {
    const id = await child();
    expect((await w.call('clinicA', 'PATCH', `/api/v1/children/${id}`, { status: 'withdrawn', reason: '家长要求退出' })).status).toBe(200);
    const res = await put(id, '2026-03-02', quiet, 'clinicA');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'childId', message: 'This child has withdrawn or transferred out; nothing more can be recorded' }]);
  });

  it('an offline replay with the same client id answers replayed and changes nothing; another client id replaces the day', async () => {
    const id = await child();
    const first = await put(id, '2026-03-02', { ...yellow, clientId: 'phone-1' });
    expect(first.body).toMatchObject({ replayed: false, daytimeSymptoms: 'moderate' });
    const again = await put(id, '2026-03-02', { ...red, clientId: 'phone-1' });
    expect(again.body).toMatchObject({ replayed: true, alerts: [], parentMessage: null, daytimeSymptoms: 'moderate', id: first.body.id });
    const other = await put(id, '2026-03-02', { ...red, clientId: 'phone-2' });
    expect(other.body).toMatchObject({ replayed: false, daytimeSymptoms: 'severe', zone: 'red', id: first.body.id });
    expect(other.body.alerts).toEqual([{ kind: 'red_zone', level: 'urgent' }]);
    expect(await w.db.selectFrom('diary_revisions').select('date').where('child_id', '=', id).execute()).toEqual([{ date: '2026-03-02' }]);
  });

  it('stores the triggers once each, and none as an empty list', async () => {
    const id = await child();
    expect((await put(id, '2026-03-01', { ...quiet, triggers: ['cold', 'smoke', 'cold'] })).body.triggers).toEqual(['cold', 'smoke']);
    expect((await put(id, '2026-03-02', quiet)).body.triggers).toEqual([]);
    const list = await w.call('parent1', 'GET', `/api/v1/children/${id}/diary?from=2026-03-01&to=2026-03-02`);
    expect(list.body.items.map((i: { triggers: string[] }) => i.triggers)).toEqual([['cold', 'smoke'], []]);
  });

  it('an urgent alert that comes with a nurse alert still brings the review forward to within 7 days (R4)', async () => {
    const id = await child();
    await put(id, '2026-03-01', yellow);
    const res = await put(id, '2026-03-02', { ...yellow, ocsStarted: true });
    expect(res.body.alerts).toEqual([
      { kind: 'ocs_started', level: 'urgent' },
      { kind: 'yellow_zone_two_days', level: 'nurse' },
    ]);
    expect((await w.call('clinicA', 'GET', `/api/v1/children/${id}`)).body.nextDue).toMatchObject({ date: '2026-03-09', reason: 'R4' });
  });

  it('audits the first save as a create and the second as a replace, by the parent, and a read of the diary as a read', async () => {
    const id = await child();
    const saved = await put(id, '2026-03-02', quiet);
    await put(id, '2026-03-02', yellow);
    const by = { user_id: w.userIds.parent1, role: 'parent', entity: 'diary_entry', entity_id: saved.body.id, outcome: 'ok' };
    expect(await auditRows('diary_entry', saved.body.id)).toEqual([
      { ...by, action: 'create' },
      { ...by, action: 'replace' },
    ]);
    expect((await w.call('clinicA', 'GET', `/api/v1/children/${id}/diary`)).status).toBe(200);
    expect(await auditRows('diary_entry', id)).toEqual([{ user_id: w.userIds.clinicA, role: 'clinician', action: 'read', entity: 'diary_entry', entity_id: id, outcome: 'ok' }]);
  });
});

describe('reading the diary', () => {
  it('refuses a range that ends before it starts, naming from', async () => {
    const id = await child();
    const res = await w.call('parent1', 'GET', `/api/v1/children/${id}/diary?from=2026-03-02&to=2026-03-01`);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'from', message: 'Enter a real date (YYYY-MM-DD)' }]);
    expect((await w.call('parent1', 'GET', `/api/v1/children/${id}/diary?from=2026-03-02&to=2026-03-02`)).status).toBe(200);
  });
});

describe('acknowledging alerts', () => {
  /** A child of centre A with two red days (two red_zone alerts) and a nurse alert. */
  async function alerted(): Promise<string> {
    const id = await child();
    await put(id, '2026-02-27', red);
    await put(id, '2026-02-28', red);
    await put(id, '2026-03-01', yellow); // after a red day: two days not green
    return id;
  }

  it('one alert: the clinician of its centre or an admin; another centre gets 404, other roles 403', async () => {
    const id = await alerted();
    const [first, second] = (await openAlerts(id)).filter((a) => a.kind === 'red_zone');
    expect((await w.call('clinicB', 'POST', `/api/v1/alerts/${first!.id}/acknowledge`)).status).toBe(404);
    await expect(acknowledgeAlert(w.deps, ctxOf('nurse1', 'nurse', null, w.ids.school1), first!.id)).rejects.toMatchObject({ status: 403 });
    await expect(acknowledgeAlert(w.deps, ctxOf('parent1', 'parent'), first!.id)).rejects.toMatchObject({ status: 403 });
    expect(await openAlerts(id)).toHaveLength(3);
    expect((await w.call('clinicA', 'POST', `/api/v1/alerts/${first!.id}/acknowledge`)).status).toBe(200);
    expect((await w.call('admin', 'POST', `/api/v1/alerts/${second!.id}/acknowledge`)).status).toBe(200);
    const done = await w.db.selectFrom('clinical_alerts').select(['id', 'acknowledged_by', 'acknowledged_at']).where('id', 'in', [first!.id, second!.id]).execute();
    expect(Object.fromEntries(done.map((a) => [a.id, a.acknowledged_by]))).toEqual({ [first!.id]: w.userIds.clinicA, [second!.id]: w.userIds.admin });
    expect(done.every((a) => a.acknowledged_at === '2026-03-02T02:00:00.000Z')).toBe(true);
    expect((await auditRows('clinical_alert', first!.id)).map((r) => `${r.action} ${r.user_id === w.userIds.clinicA}`)).toEqual(['acknowledge true']);
    expect((await openAlerts(id)).map((a) => a.kind)).toEqual(['yellow_zone_two_days']);
  });

  it('an unknown alert is 404', async () => {
    expect((await w.call('clinicA', 'POST', `/api/v1/alerts/${randomUUID()}/acknowledge`)).status).toBe(404);
  });

  it('every open alert of one kind: that kind only, each audited; the count returned', async () => {
    const id = await alerted();
    const reds = (await openAlerts(id)).filter((a) => a.kind === 'red_zone').map((a) => a.id);
    expect(reds).toHaveLength(2);
    expect(await acknowledgeAlertsOfKind(w.deps, ctxOf('clinicA', 'clinician', w.ids.centreA), id, 'red_zone')).toBe(2);
    expect((await openAlerts(id)).map((a) => a.kind)).toEqual(['yellow_zone_two_days']);
    const acked = await w.db.selectFrom('clinical_alerts').select(['acknowledged_by', 'acknowledged_at']).where('id', 'in', reds).execute();
    expect(acked).toEqual(reds.map(() => ({ acknowledged_by: w.userIds.clinicA, acknowledged_at: '2026-03-02T02:00:00.000Z' })));
    for (const alertId of reds) expect((await auditRows('clinical_alert', alertId)).map((r) => `${r.action} ${r.entity}`)).toEqual(['acknowledge clinical_alert']);
    // Nothing left of that kind: 0, and an admin may do it too.
    expect(await acknowledgeAlertsOfKind(w.deps, ctxOf('admin', 'admin'), id, 'red_zone')).toBe(0);
    expect(await acknowledgeAlertsOfKind(w.deps, ctxOf('admin', 'admin'), id, 'yellow_zone_two_days')).toBe(1);
  });

  it('of one kind: refused to other roles (403), and to a clinician who sees the child but not at their centre (404)', async () => {
    const id = await alerted();
    for (const ctx of [ctxOf('nurse1', 'nurse', null, w.ids.school1), ctxOf('parent1', 'parent'), ctxOf('manager', 'manager')]) {
      await expect(acknowledgeAlertsOfKind(w.deps, ctx, id, 'red_zone')).rejects.toMatchObject({ status: 403 });
    }
    // Referred up: the hospital sees the child, but the alerts are centre A's to handle.
    expect((await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, id))).status).toBe(201);
    expect((await w.call('hospital', 'GET', `/api/v1/children/${id}`)).status).toBe(200);
    await expect(acknowledgeAlertsOfKind(w.deps, ctxOf('hospital', 'clinician', w.ids.hospital), id, 'red_zone')).rejects.toMatchObject({ status: 404 });
    expect(await openAlerts(id)).toHaveLength(3);
  });
});
