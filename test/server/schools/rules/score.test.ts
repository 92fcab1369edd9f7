// Caps, actions and boundaries of the scorer, each as a change to example 1's exemplary school.
import { describe, expect, it } from 'vitest';
import { rubricV1, scoreAssessment, type AssessmentInput } from '../../../../server/schools/rules';
import { exemplarySchool, kit, trainedStaff } from './school-fixture';

const score = (overrides: Partial<AssessmentInput>) => scoreAssessment(exemplarySchool(overrides), rubricV1);
const brief = (overrides: Partial<AssessmentInput>) => score(overrides).actions.map((a) => `${a.item} ${a.trigger} ${a.priority} ${a.dueDate} ${a.owner}`);
const goodKits = (count: number) => Array.from({ length: count }, (_, i) => kit(`Kit ${i + 1}`, [['2026-08-31', 200]]));

describe('D caps', () => {
  it('no kit: grade D whatever the score; one P1 action in 3 days replaces the per-kit ones', () => {
    const result = score({ kits: [] });
    expect(result.caps).toEqual(['noKit', 'noUsableMdi']);
    expect(result.grade).toBe('D');
    expect(result.reassessBy).toBe('2025-11-14');
    expect(result.actions.map((a) => `${a.item} ${a.trigger} ${a.priority} ${a.dueDate}`)).toEqual(['A1 noKit P1 2025-10-18']);
    expect(result.actions[0]?.text.en).toBe('Deliver kits within 3 days (at least 3)');
  });
  it('no usable in-date MDI anywhere: grade D and one P1 action in 3 days', () => {
    const kits = [kit('Kit 1', [['2025-10-15', 200]]), kit('Kit 2', [['2025-09', 200]]), kit('Kit 3', [])];
    const result = score({ kits });
    expect(result.caps).toEqual(['noUsableMdi', 'kitWithoutInDateMdi']);
    expect(result.grade).toBe('D');
    expect(brief({ kits })).toEqual(['A3 noUsableMdi P1 2025-10-18 nurse']);
  });
  it('an in-date MDI with no puffs left is not usable', () => {
    const result = score({ kits: [kit('Kit 1', [['2026-08-31', 0]]), kit('Kit 2', []), kit('Kit 3', [])] });
    expect(result.caps).toContain('noUsableMdi');
    expect(result.grade).toBe('D');
  });
  it('no validly trained staff: grade D; P1 in 7 days to designate 2 and brief, P2 in 30 days to train', () => {
    const result = score({ staffTraining: [] });
    expect(result.caps).toEqual(['noTrainedStaff']);
    expect(result.grade).toBe('D');
    expect(brief({ staffTraining: [] })).toEqual(['C1 noTrainedStaff P1 2025-10-22 principal', 'C1 trainStaff P2 2025-11-14 cdc']);
    expect(result.actions[1]?.text.en).toBe('Train and assess 2 staff');
  });
});

describe('C caps', () => {
  it('a kit without an in-date MDI, others fine: C, and P2 in 7 days on A2 when the kit has none at all', () => {
    const result = score({ kits: [...goodKits(2), kit('Kit 3', [])] });
    expect(result.caps).toEqual(['kitWithoutInDateMdi']);
    expect(result.grade).toBe('C');
    expect(result.reassessBy).toBe('2025-12-14');
    expect(result.actions.map((a) => `${a.item} ${a.priority} ${a.dueDate}`)).toEqual(['A2 P2 2025-10-22']);
  });
  it('an expired spare beside an in-date MDI fails A3 but not the cap', () => {
    const kits = [
      ...goodKits(2),
      kit('Kit 3', [
        ['2026-08-31', 200],
        ['2025-10-01', 200],
      ]),
    ];
    expect(score({ kits }).caps).toEqual([]);
    expect(brief({ kits })).toEqual(['A3 mdiExpired P2 2025-10-22 nurse']);
  });
  it('an in-date MDI with fewer than 20 puffs: C (20 is enough), with the < 40 action P2 in 7 days', () => {
    const low = (puffs: number) => [...goodKits(2), kit('Kit 3', [['2026-08-31', puffs]])];
    expect(score({ kits: low(19) }).caps).toEqual(['mdiBelow20Puffs']);
    expect(score({ kits: low(19) }).grade).toBe('C');
    expect(score({ kits: low(20) }).caps).toEqual([]);
    expect(brief({ kits: low(20) })).toEqual(['A4 lowPuffs P2 2025-10-22 nurse']);
    expect(brief({ kits: low(40) })).toEqual([]);
  });
  it('a kit with 0 spacers: C and P2 in 7 days; with 1 spacer no cap and P3 in 14 days', () => {
    const none = [...goodKits(2), kit('Kit 3', [['2026-08-31', 200]], { spacers: 0 })];
    const one = [...goodKits(2), kit('Kit 3', [['2026-08-31', 200]], { spacers: 1 })];
    expect(score({ kits: none }).caps).toEqual(['kitWithoutSpacers']);
    expect(brief({ kits: none })).toEqual(['A5 kitWithoutSpacers P2 2025-10-22 nurse']);
    expect(score({ kits: one }).caps).toEqual([]);
    expect(brief({ kits: one })).toEqual(['A5 kitWithOneSpacer P3 2025-10-29 nurse']);
  });
  it('a locked kit: C and P2 in 2 days', () => {
    const kits = [...goodKits(2), kit('Kit 3', [['2026-08-31', 200]], { unlocked: false })];
    expect(score({ kits }).caps).toEqual(['lockedKit']);
    expect(score({ kits }).grade).toBe('C');
    expect(brief({ kits })).toEqual(['B1 lockedKit P2 2025-10-17 nurse']);
  });
  it('only 1 validly trained person: C and P2 in 30 days; 2 of 3 required is P3', () => {
    expect(score({ staffTraining: trainedStaff(1) }).caps).toEqual(['onlyOneTrained']);
    expect(brief({ staffTraining: trainedStaff(1) })).toEqual(['C1 onlyOneTrained P2 2025-11-14 cdc']);
    expect(score({ enrolment: 600, staffTraining: trainedStaff(2) }).caps).toEqual([]);
    expect(brief({ enrolment: 600, staffTraining: trainedStaff(2) })).toEqual(['C1 fewerTrained P3 2025-11-14 cdc']);
  });
  it('training 365 days old still counts, 366 days old does not', () => {
    const staffTraining = [
      { name: 'Wang Fang', date: '2024-10-15', pass: true },
      { name: 'Zhao Lei', date: '2024-10-14', pass: true },
    ];
    expect(score({ staffTraining }).fractions.C1).toBe(0.5);
    expect(score({ staffTraining }).caps).toEqual(['onlyOneTrained']);
  });
  it('register not updated this term: C and P2 in 7 days', () => {
    expect(score({ registerUpdatedThisTerm: false }).caps).toEqual(['registerNotUpdated']);
    expect(score({ registerUpdatedThisTerm: false }).grade).toBe('C');
    expect(brief({ registerUpdatedThisTerm: false })).toEqual(['D1 registerNotUpdated P2 2025-10-22 nurse']);
  });
  it('no written procedure: C and P2 in 14 days', () => {
    expect(score({ procedure: false }).caps).toEqual(['noProcedure']);
    expect(brief({ procedure: false })).toEqual(['E1 noProcedure P2 2025-10-29 principal']);
  });
  it('the grade is the worse of band and caps: a D band stays D under a C cap', () => {
    const result = score({
      procedure: false,
      postersAllKitLocations: false,
      lastDrill: null,
      monthlyChecksLast3: 0,
      healthStaffOk: false,
      staffBriefedPct: 0,
      registerAccessible: false,
      plansValid: 0,
      consents: 0,
      staffKnewLocation: 0,
      usesLoggedComplete: 0,
      usesParentNotified: 0,
    });
    expect(result.score).toBe(55);
    expect(result.band).toBe('D');
    expect(result.caps).toEqual(['noProcedure']);
    expect(result.grade).toBe('D');
    expect(result.gradeLabel).toEqual({ zh: '不达标', en: 'Below standard' });
  });
});

describe('other actions', () => {
  it('follow the action table: priority, days and owner per failed item, in rubric order', () => {
    const kits = goodKits(3).map((k, i) => (i === 0 ? { ...k, storageOk: false, docs: { ...k.docs, leaflet: false } } : k));
    expect(
      brief({
        kits,
        staffKnewLocation: 1,
        healthStaffOk: false,
        staffBriefedPct: 0.5,
        registerAccessible: false,
        postersAllKitLocations: false,
        lastDrill: '2024-10-14',
        usesLoggedComplete: 1,
      }),
    ).toEqual([
      'A6 documentsMissing P3 2025-10-29 nurse',
      'B2 locationUnknown P3 2025-10-29 nurse',
      'B3 storage P3 2025-10-22 nurse',
      'C2 noHealthStaff P4 2026-01-13 principal',
      'C3 briefing P3 2025-11-14 nurse',
      'D4 registerNotReachable P3 2025-10-29 nurse',
      'E2 postersMissing P3 2025-10-29 nurse',
      'E3 noDrill P3 2025-12-14 principal',
      'F2 usesNotRecorded P2 2025-10-22 nurse',
    ]);
  });
  it('a drill 365 days ago still counts; one kit missing a document scores A6 by share of documents', () => {
    expect(score({ lastDrill: '2024-10-15' }).fractions.E3).toBe(1);
    const kits = goodKits(3).map((k, i) => (i === 0 ? { ...k, docs: { ...k.docs, leaflet: false } } : k));
    expect(score({ kits }).fractions.A6).toBeCloseTo((0.8 + 1 + 1) / 3, 12);
  });
});

describe('score, band and alerts', () => {
  it('90.0 is band A; 89.9 is B (bands read the rounded score)', () => {
    const base = { lastDrill: null, postersAllKitLocations: false, kits: goodKits(3).map((k) => ({ ...k, storageOk: false })) };
    expect(score({ ...base, staffBriefedPct: 0.64 }).score).toBe(90);
    expect(score({ ...base, staffBriefedPct: 0.64 }).band).toBe('A');
    expect(score({ ...base, staffBriefedPct: 0.63 }).score).toBe(89.9);
    expect(score({ ...base, staffBriefedPct: 0.63 }).band).toBe('B');
  });
  it('an MDI expiring on the assessment date is expired', () => {
    const kits = [...goodKits(2), kit('Kit 3', [['2025-10-15', 200]])];
    expect(score({ kits }).fractions.A3).toBe(2 / 3);
    expect(score({ kits }).caps).toEqual(['kitWithoutInDateMdi']);
    expect(score({ kits }).alerts).toEqual([]);
  });
  it('alerts an MDI expiring in 30 days but not in 31; a month-only expiry is its last day', () => {
    const expiring = (expiry: string) => score({ kits: [...goodKits(2), kit('Kit 3', [[expiry, 200]])] }).alerts;
    expect(expiring('2025-11-14').map((a) => a.dueDate)).toEqual(['2025-11-07']);
    expect(expiring('2025-11-15')).toEqual([]);
    expect(expiring('2025-10').map((a) => a.dueDate)).toEqual(['2025-10-24']);
    expect(expiring('2025-10-18').map((a) => a.dueDate)).toEqual(['2025-10-15']);
    expect(score({ kits: [...goodKits(2), kit('Kit 3', [['2025-11', 200]])] }).actions).toEqual([]);
  });
});
