import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol, followUpBody } from './fixtures';
import { loadClinicalHistory, suggestionsFor } from '../../../server/followups/clinical-history';
import { exacerbationsInLast12Months, isHighRisk, nextDue } from '../../../server/followups/rules';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const yes = (n: number) => ({ q1: n > 0, q2: n > 1, q3: n > 2, q4: n > 3 });

describe('follow-ups', () => {
  it('scores C-ACT [2,2,2,2,4,4,3] as 19, not well controlled, and GINA 3 yes as uncontrolled due in 2 weeks', async () => {
    const id = await enrol(w); // born 2017-06-01: 8 years old on 2026-03-02 -> C-ACT
    const res = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ answers: [2, 2, 2, 2, 4, 4, 3], gina: yes(3) }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ instrument: 'C-ACT', score: 19, scoreBand: 'not_well', ginaLevel: 'uncontrolled' });
    // "follow-up 2026-03-02, GINA 3 yes, no change -> due 2026-03-16 (R2 uncontrolled)"
    expect(res.body.nextDue).toEqual({ date: '2026-03-16', reason: 'R2' });
    expect(res.body.flags).toContain('highRisk');
    // 8.9: technique and adherence were not checked, so the prompt is to check them first.
    expect(res.body.flags).toContain('checkTechniqueFirst');
    expect(res.body.flags).not.toContain('stepUpSuggested');
    const checked = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ answers: [2, 2, 2, 2, 4, 4, 3], gina: yes(3), inhalerTechniqueOk: true, adherenceOk: true }));
    expect(checked.body.flags).toContain('stepUpSuggested');
    expect(checked.body.flags).not.toContain('checkTechniqueFirst');
  });

  it('refuses GINA step 5 at age 5 with a 400 naming ginaStep, and accepts 4', async () => {
    const id = await enrol(w, { birthDate: '2020-06-01', heightCm: 110 });
    const five = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ answers: [3, 3, 3, 3, 5, 5, 5], ginaStep: 5 }));
    expect(five.status).toBe(400);
    expect(five.body.error.details).toEqual([{ path: 'ginaStep', message: expect.stringContaining('1 to 4') }]);
    const four = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ answers: [3, 3, 3, 3, 5, 5, 5], ginaStep: 4 }));
    expect(four.status).toBe(201);
  });

  it('GINA 1 yes is partly controlled, due in 4 weeks (R2 partly)', async () => {
    const id = await enrol(w);
    const res = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ gina: yes(1) }));
    expect(res.body.ginaLevel).toBe('partly');
    expect(res.body.nextDue).toEqual({ date: '2026-03-30', reason: 'R2' });
  });

  it('well controlled twice 12 weeks apart moves the review to 24 weeks (R3)', async () => {
    const id = await enrol(w);
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ date: '2025-12-01' }));
    const res = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ date: '2026-03-02' }));
    expect(res.body.nextDue).toEqual({ date: '2026-08-17', reason: 'R3' });
  });

  it('picks ACT for a 12-year-old and TRACK under 5 by age; a wrong instrument is 400 instrument_age_mismatch', async () => {
    const teen = await enrol(w, { birthDate: '2013-01-15' });
    const act = await w.call('clinicA', 'POST', `/api/v1/children/${teen}/follow-ups`, followUpBody({ answers: [4, 4, 4, 4, 3] }));
    expect(act.body).toMatchObject({ instrument: 'ACT', score: 19, scoreBand: 'not_well' });
    const toddler = await enrol(w, { birthDate: '2023-01-15' });
    const track = await w.call('clinicA', 'POST', `/api/v1/children/${toddler}/follow-ups`, followUpBody({ answers: [20, 20, 20, 15, 5] }));
    expect(track.body).toMatchObject({ instrument: 'TRACK', score: 80, scoreBand: 'well' });
    const wrong = await w.call('clinicA', 'POST', `/api/v1/children/${toddler}/follow-ups`, followUpBody({ instrument: 'ACT', answers: [4, 4, 4, 4, 4] }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('instrument_age_mismatch');
  });

  it("refuses answers outside an item's range, naming the item; nothing is written", async () => {
    const id = await enrol(w);
    const before = await w.db
      .selectFrom('follow_ups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ answers: [3, 3, 3, 4, 5, 5, 5] }));
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: any) => d.path)).toEqual(['answers.3']);
    const track = await enrol(w, { birthDate: '2023-01-15' });
    const bad = await w.call('clinicA', 'POST', `/api/v1/children/${track}/follow-ups`, followUpBody({ answers: [20, 20, 12, 15, 5] }));
    expect(bad.status).toBe(400);
    const after = await w.db
      .selectFrom('follow_ups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('validates the body: mode, date, GINA answers and PEF', async () => {
    const id = await enrol(w);
    const res = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, { date: '2026-13-01', mode: 'sms', answers: 'x', gina: { q1: 'yes' }, pef: 5 });
    expect(res.status).toBe(400);
    const p = res.body.error.details.map((d: any) => d.path);
    for (const field of ['date', 'mode', 'answers', 'gina.q1', 'gina.q2', 'pef']) expect(p).toContain(field);
    const future = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ date: '2026-03-03' }));
    expect(future.status).toBe(400);
  });

  it('computes the PEF zone from the personal best', async () => {
    const id = await enrol(w, { personalBestPef: 300 });
    const res = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ pef: 230 }));
    expect(res.body).toMatchObject({ pefZone: 'yellow', pefBasis: 'personal_best' });
  });

  it('lets only the managing centre (or a referral receiver) log follow-ups', async () => {
    const id = await enrol(w);
    expect((await w.call('clinicB', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody())).status).toBe(404);
    expect((await w.call('parent1', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody())).status).toBe(403);
  });

  it('lists follow-ups newest first', async () => {
    const id = await enrol(w);
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ date: '2026-01-05' }));
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ date: '2026-02-20', gina: yes(2) }));
    const res = await w.call('clinicA', 'GET', `/api/v1/children/${id}/follow-ups`);
    expect(res.body.items.map((f: any) => f.date)).toEqual(['2026-02-20', '2026-01-05']);
    expect(res.body.items[0].ginaLevel).toBe('partly');
  });

  it('pages the list as every list in docs/api.md: ?limit and an opaque cursor, stable on equal dates', async () => {
    const id = await enrol(w);
    // Two on the same day: the order falls back to when they were logged, then the id.
    for (const date of ['2026-01-05', '2026-02-20', '2026-02-20', '2026-03-01']) {
      expect((await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ date }))).status).toBe(201);
    }
    const all = await w.call('clinicA', 'GET', `/api/v1/children/${id}/follow-ups`);
    expect(all.body.items.map((f: any) => f.date)).toEqual(['2026-03-01', '2026-02-20', '2026-02-20', '2026-01-05']);
    expect(all.body.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await w.call('clinicA', 'GET', `/api/v1/children/${id}/follow-ups?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((f: any) => f.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual(all.body.items.map((f: any) => f.id));
    for (const query of ['limit=0', 'limit=501', 'cursor=not-a-cursor']) {
      const bad = await w.call('clinicA', 'GET', `/api/v1/children/${id}/follow-ups?${query}`);
      expect(bad.status).toBe(400);
      // Named as the worklist names them: query fields as query.<field>, a cursor that decodes to no position as cursor.
      expect(bad.body.error.details.map((d: any) => d.path)).toEqual([query.startsWith('cursor') ? 'cursor' : `query.${query.split('=')[0]}`]);
    }
  });

  it('shows the latest follow-up on the child (by date, not by when it was logged)', async () => {
    const id = await enrol(w);
    expect((await w.call('clinicA', 'GET', `/api/v1/children/${id}`)).body.latest).toBeNull();
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ date: '2026-02-20', answers: [2, 2, 2, 2, 4, 4, 3], gina: yes(3) }));
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ date: '2026-01-05' })); // logged later, happened earlier
    const child = await w.call('clinicA', 'GET', `/api/v1/children/${id}`);
    expect(child.body.latest).toEqual({ date: '2026-02-20', instrument: 'C-ACT', score: 19, scoreBand: 'not_well', ginaLevel: 'uncontrolled' });
  });

  it('stores with each follow-up the schedule its stored history gives, whatever order they are logged in', async () => {
    const id = await enrol(w);
    const today = '2026-03-02';
    // Same day twice (the later logged is the latest), backdated ones, a treatment change.
    const bodies = [
      followUpBody({ date: today, gina: yes(3) }),
      followUpBody({ date: '2026-01-05' }),
      followUpBody({ date: today }),
      followUpBody({ date: '2026-02-10', gina: yes(1), treatmentChanged: true }),
      followUpBody({ date: today, gina: yes(2), exacerbations: { ocsCourses: 1, edVisits: 0, admissions: 0 } }),
    ];
    for (const body of bodies) {
      const res = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, body);
      expect(res.status).toBe(201);
      // Recomputed from the rows as stored, read back in their stored order.
      const history = await loadClinicalHistory(w.db, id);
      const child = await w.db.selectFrom('children').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const due = nextDue({ status: child.status, enrolmentDate: child.enrolled_on, followUps: history.followUps, events: history.events, today });
      const latest = history.followUps.at(-1)!;
      const highRisk = isHighRisk({ ginaLevel: latest.ginaLevel, exacerbationsLast12Months: exacerbationsInLast12Months(history.followUps, history.events, today) });
      const row = await w.db.selectFrom('follow_ups').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
      expect(res.body.nextDue).toEqual(due ? { date: due.date, reason: due.reason } : null);
      expect(res.body.flags.includes('highRisk')).toBe(highRisk);
      expect({ date: row.next_due_date, reason: row.next_due_reason, highRisk: row.high_risk === 1, suggestions: JSON.parse(row.suggestions) }).toEqual({
        date: due?.date ?? null,
        reason: due?.reason ?? null,
        highRisk,
        suggestions: suggestionsFor(history, today),
      });
      expect({ date: child.next_due_date, level: child.latest_gina_level, latestDate: child.latest_follow_up_date }).toEqual({ date: due?.date ?? null, level: latest.ginaLevel, latestDate: history.latest!.date });
    }
    // The last logged is the latest of the day (GINA 2 yes: partly).
    expect((await w.call('clinicA', 'GET', `/api/v1/children/${id}`)).body.latest).toMatchObject({ date: today, ginaLevel: 'partly' });
  });
});
