// The school score's rounding and the order of its corrective actions (server/schools/rules/score.ts),
// pinned for the mutants the rules run left alive (issue 38, test/MUTATION.md). docs/school-rubric.md
// rounds the score to one decimal; the scorer rounds a half up, nudged so that binary noise cannot
// round it down, and lists the actions in rubric item order.
import { describe, expect, it } from 'vitest';
import { rubricV1, scoreAssessment, type Rubric } from '../../../../server/schools/rules';
import { exemplarySchool, kit, trainedStaff } from './school-fixture';

describe('the score', () => {
  it('a half is rounded up, even when binary noise puts it just below: 98.75 -> 98.8', () => {
    // C3 (weight 5) briefed 60 % of a target of 80 %: 5 x 0.75 = 3.75, so 98.75; in floating point
    // 0.6 / 0.8 is 0.7499999999999999.
    const result = scoreAssessment(exemplarySchool({ staffBriefedPct: 0.6 }), rubricV1);
    expect(result.fractions.C3).toBeCloseTo(0.75, 12);
    expect(result.score).toBe(98.8);
  });

  it('a rubric whose items are all not applicable scores 0 (not NaN) and takes its lowest band', () => {
    // F2 and F3 are n/a when there were no uses.
    const onlyUses: Rubric = { ...rubricV1, items: rubricV1.items.filter((i) => i.id === 'F2' || i.id === 'F3') };
    const result = scoreAssessment(exemplarySchool({ uses: 0, usesLoggedComplete: 0, usesParentNotified: 0 }), onlyUses);
    expect(result.notApplicable).toEqual(['F2', 'F3']);
    expect(result.score).toBe(0);
    expect(result.band).toBe('D');
  });

  it('a score below every band of a rubric falls in its last band', () => {
    const twoBands: Rubric = { ...rubricV1, bands: rubricV1.bands.slice(0, 2) }; // A from 90, B from 75
    const result = scoreAssessment(exemplarySchool({ kits: [] }), twoBands);
    expect(result.score).toBeLessThan(75);
    expect(result.band).toBe('B');
  });
});

describe('the corrective actions', () => {
  it('are listed in rubric item order, not in the order the checks found them', () => {
    // One trained person (C1, found before the per-item checks) and a kit short of a document (A6).
    const docs = { instructionCard: true, leaflet: false, checkCard: true, adminRecord: true, replacementNote: true };
    const result = scoreAssessment(
      exemplarySchool({
        staffTraining: trainedStaff(1),
        kits: [kit('Kit 1', [['2026-08-31', 196]], { docs }), kit('Kit 2', [['2026-08-31', 200]]), kit('Kit 3', [['2026-11-30', 200]])],
        staffBriefedPct: 0.5,
      }),
      rubricV1,
    );
    expect(result.actions.map((a) => `${a.item} ${a.trigger}`)).toEqual(['A6 documentsMissing', 'C1 onlyOneTrained', 'C3 briefing']);
  });
});
