// The diary day's symptom zone (server/followups/rules/symptom-zone.ts), each criterion alone at
// its edge (issue 38, mutation testing: the rule's own tests covered it only through the diary
// alerts). Expected zones are read off docs/clinical-safety.md: red for any danger sign, severe
// daytime symptoms or 6+ reliever uses; yellow for moderate symptoms, night waking, 3-5 uses or
// limited activity; green otherwise; the day is the worse of that and the peak-flow zone.
import { describe, expect, it } from 'vitest';
import { browserZoneScript, diaryDayZone, symptomZone, type SymptomFacts } from '../../../../server/followups/rules/symptom-zone';

const calm: SymptomFacts = { daytimeSymptoms: 'none', nightWaking: false, activityLimited: false, relieverUses: 0, dangerSigns: [] };

describe('symptomZone, one criterion at a time', () => {
  it('is green with nothing, with mild symptoms, and with 2 reliever uses', () => {
    expect(symptomZone(calm)).toBe('green');
    expect(symptomZone({ ...calm, daytimeSymptoms: 'mild' })).toBe('green');
    expect(symptomZone({ ...calm, relieverUses: 2 })).toBe('green');
    expect(symptomZone({ ...calm, dangerSigns: null })).toBe('green');
  });

  it('is yellow for each yellow criterion alone', () => {
    expect(symptomZone({ ...calm, daytimeSymptoms: 'moderate' })).toBe('yellow');
    expect(symptomZone({ ...calm, nightWaking: true })).toBe('yellow');
    expect(symptomZone({ ...calm, nightCough: true })).toBe('yellow');
    expect(symptomZone({ ...calm, nightCough: false })).toBe('green');
    expect(symptomZone({ ...calm, activityLimited: true })).toBe('yellow');
    expect(symptomZone({ ...calm, relieverUses: 3 })).toBe('yellow');
    expect(symptomZone({ ...calm, relieverUses: 5 })).toBe('yellow');
  });

  it('is red for each red criterion alone', () => {
    expect(symptomZone({ ...calm, dangerSigns: ['blue_lips'] })).toBe('red');
    expect(symptomZone({ ...calm, daytimeSymptoms: 'severe' })).toBe('red');
    expect(symptomZone({ ...calm, relieverUses: 6 })).toBe('red');
  });
});

describe('diaryDayZone', () => {
  it('takes the PEF zone when it is worse, the symptom zone otherwise', () => {
    // 200 of 300 is 66.7 %: yellow.
    expect(diaryDayZone({ ...calm, pefAm: 200 }, 300)).toEqual({ symptomZone: 'green', pefZone: 'yellow', zone: 'yellow', emergency: false });
    expect(diaryDayZone({ ...calm, nightWaking: true, pefAm: 290 }, 300)).toEqual({ symptomZone: 'yellow', pefZone: 'green', zone: 'yellow', emergency: false });
    // Equal zones: the same either way.
    expect(diaryDayZone({ ...calm, nightWaking: true, pefAm: 200 }, 300).zone).toBe('yellow');
    expect(diaryDayZone({ ...calm, daytimeSymptoms: 'severe', pefAm: 100 }, 300)).toMatchObject({ pefZone: 'red', zone: 'red' });
  });

  it('decides from symptoms alone without a reading or a reference', () => {
    expect(diaryDayZone({ ...calm, activityLimited: true }, 300)).toEqual({ symptomZone: 'yellow', pefZone: null, zone: 'yellow', emergency: false });
    expect(diaryDayZone({ ...calm, pefAm: 100 }, null)).toEqual({ symptomZone: 'green', pefZone: null, zone: 'green', emergency: false });
  });

  it('is an emergency exactly when there is a danger sign', () => {
    expect(diaryDayZone({ ...calm, dangerSigns: ['hard_to_speak'] }, null)).toMatchObject({ zone: 'red', emergency: true });
    expect(diaryDayZone({ ...calm, daytimeSymptoms: 'severe' }, null)).toMatchObject({ zone: 'red', emergency: false });
    expect(diaryDayZone({ ...calm, dangerSigns: null }, null).emergency).toBe(false);
    expect(diaryDayZone({ ...calm, dangerSigns: undefined }, null).emergency).toBe(false);
  });
});

describe('browserZoneScript', () => {
  // Under Stryker the functions' text is instrumented code that needs Stryker's module-local
  // helpers, so the script cannot run there; npm test runs it.
  it.skipIf(process.env.STRYKER_MUTATOR_WORKER !== undefined)("gives the phone the server's own answers", () => {
    const window: { asthmaDiaryZone?: typeof diaryDayZone } = {};
    new Function('window', browserZoneScript())(window);
    const days = [{ ...calm }, { ...calm, relieverUses: 3, pefAm: 140 }, { ...calm, dangerSigns: ['drowsy_or_confused'], pefPm: 290 }, { ...calm, daytimeSymptoms: 'moderate' as const, pefAm: 200, pefPm: 260 }];
    for (const day of days) expect(window.asthmaDiaryZone!(day, 300)).toEqual(diaryDayZone(day, 300));
    expect(browserZoneScript()).toContain('window.asthmaDiaryZone = diaryDayZone;');
  });
});
