import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol, followUpBody } from './fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const day = (overrides: Record<string, unknown> = {}) => ({
  daytimeSymptoms: 'none',
  nightWaking: false,
  nightCough: false,
  activityLimited: false,
  relieverUses: 0,
  ...overrides,
});

async function childOfParent1(): Promise<string> {
  const id = await enrol(w, { personalBestPef: 300 });
  await w.call('clinicA', 'POST', `/api/v1/children/${id}/guardians`, { userId: w.userIds.parent1 });
  return id;
}

describe('daily diary', () => {
  it('accepts today and 3 days back; refuses 4 days back and the future with diary_date_out_of_range', async () => {
    const id = await childOfParent1();
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-02`, day())).status).toBe(200);
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-02-27`, day())).status).toBe(200);
    for (const date of ['2026-02-26', '2026-03-03']) {
      const res = await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/${date}`, day());
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('diary_date_out_of_range');
    }
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-02-30`, day())).status).toBe(400);
  });

  it("replaces a day's entry and keeps the earlier version", async () => {
    const id = await childOfParent1();
    await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-01`, day({ relieverUses: 1 }));
    const res = await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-01`, day({ relieverUses: 3 }));
    expect(res.body.relieverUses).toBe(3);
    const rows = await w.db.selectFrom('diary_entries').selectAll().where('child_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    const revisions = await w.db.selectFrom('diary_revisions').selectAll().where('child_id', '=', id).execute();
    expect(revisions).toHaveLength(1);
    expect(JSON.parse(revisions[0]!.previous).reliever_uses).toBe(1);
  });

  it('replays an offline entry with the same client id idempotently', async () => {
    const id = await childOfParent1();
    const first = await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-02`, day({ clientId: 'phone-1', relieverUses: 2 }));
    const again = await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-02`, day({ clientId: 'phone-1', relieverUses: 2 }));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const revisions = await w.db.selectFrom('diary_revisions').selectAll().where('child_id', '=', id).execute();
    expect(revisions).toHaveLength(0);
  });

  it('a red-zone day raises an urgent alert and brings the review forward: due 2026-03-12 (R4, docs/clinical-rules.md)', async () => {
    const id = await childOfParent1();
    // "follow-up 2026-03-02 GINA 0, then diary red zone on 2026-03-05 -> due 2026-03-12 (R4)"
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody());
    w.clock.set('2026-03-05T01:00:00Z');
    w.forgetSessions(); // three days later: sign in again
    try {
      const res = await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-05`, day({ pefAm: 140, daytimeSymptoms: 'severe' }));
      expect(res.status).toBe(200);
      expect(res.body.pefZone).toBe('red');
      expect(res.body.alerts).toContainEqual({ kind: 'red_zone', level: 'urgent' });
      const child = await w.call('clinicA', 'GET', `/api/v1/children/${id}`);
      expect(child.body.nextDue).toMatchObject({ date: '2026-03-12', reason: 'R4' });
      expect(child.body.flags).toContain('urgentAlert');
      const wl = await w.call('clinicA', 'GET', '/api/v1/follow-ups/worklist?within=14');
      const item = wl.body.items.find((i: any) => i.childId === id);
      expect(item.reasonText.en).toBe('red zone in diary on 03-05, review within 7 days');
      expect(item.reasonText.zh).toContain('红区');
      expect(item.alerts[0]).toMatchObject({ kind: 'red_zone', level: 'urgent' });
      // Acknowledged alerts leave the worklist's alert column.
      expect((await w.call('clinicA', 'POST', `/api/v1/alerts/${item.alerts[0].id}/acknowledge`)).status).toBe(200);
      const after = await w.call('clinicA', 'GET', '/api/v1/follow-ups/worklist?within=14');
      expect(after.body.items.find((i: any) => i.childId === id).alerts).toEqual([]);
    } finally {
      w.clock.set('2026-03-02T02:00:00Z');
      w.forgetSessions();
    }
  });

  it('yellow two days running raises a nurse alert', async () => {
    const id = await childOfParent1();
    await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-01`, day({ pefAm: 200 }));
    const res = await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-02`, day({ pefAm: 210 }));
    expect(res.body.pefZone).toBe('yellow');
    expect(res.body.alerts).toContainEqual({ kind: 'yellow_zone_two_days', level: 'nurse' });
  });

  it('scopes the diary: another family cannot read or write it', async () => {
    const id = await childOfParent1();
    expect((await w.call('parent2', 'PUT', `/api/v1/children/${id}/diary/2026-03-02`, day())).status).toBe(404);
    expect((await w.call('parent2', 'GET', `/api/v1/children/${id}/diary`)).status).toBe(404);
    expect((await w.call('nurse1', 'GET', `/api/v1/children/${id}/diary`)).status).toBe(403);
    expect((await w.call('parent1', 'GET', `/api/v1/children/${id}/diary`)).status).toBe(200);
  });

  it('validates the diary fields', async () => {
    const id = await childOfParent1();
    const res = await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-02`, { daytimeSymptoms: 'awful', nightWaking: 'no', relieverUses: -1, pefAm: 5000, triggers: ['cats'] });
    expect(res.status).toBe(400);
    const p = res.body.error.details.map((d: any) => d.path);
    for (const f of ['daytimeSymptoms', 'nightWaking', 'nightCough', 'activityLimited', 'relieverUses', 'pefAm', 'triggers.0']) expect(p).toContain(f);
  });
});
