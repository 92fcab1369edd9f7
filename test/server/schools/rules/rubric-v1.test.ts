import { describe, expect, it } from 'vitest';
import { rubricV1 } from '../../../../server/schools/rules';

describe('rubric v1 (data)', () => {
  it('"weights sum to 100"', () => {
    expect(rubricV1.items.reduce((sum, item) => sum + item.weight, 0)).toBe(100);
  });
  it("lists items A1..F3 once each, in order, with the spec's weights", () => {
    expect(rubricV1.items.map((i) => `${i.id}:${i.weight}`).join(' ')).toBe('A1:6 A2:6 A3:6 A4:3 A5:4 A6:5 B1:4 B2:3 B3:3 C1:12 C2:3 C3:5 D1:6 D2:6 D3:5 D4:3 E1:4 E2:3 E3:3 F1:4 F2:3 F3:3');
  });
  it('bands are A >= 90, B >= 75, C >= 60, D below, with their labels', () => {
    expect(rubricV1.bands.map((b) => [b.band, b.min, b.label.zh, b.label.en])).toEqual([
      ['A', 90, '优秀', 'Excellent'],
      ['B', 75, '达标', 'Meets standard'],
      ['C', 60, '基本达标', 'Basically meets'],
      ['D', 0, '不达标', 'Below standard'],
    ]);
  });
  it('has 3 D caps and 7 C caps, each labelled in both languages', () => {
    expect(rubricV1.caps.filter((c) => c.grade === 'D')).toHaveLength(3);
    expect(rubricV1.caps.filter((c) => c.grade === 'C')).toHaveLength(7);
    for (const cap of rubricV1.caps) expect(cap.label.zh && cap.label.en).toBeTruthy();
  });
  it('every action template points at a rubric item and has unique id and text in both languages', () => {
    const items = new Set(rubricV1.items.map((i) => i.id));
    const ids = rubricV1.actions.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const action of rubricV1.actions) {
      expect(items.has(action.item)).toBe(true);
      expect(action.text.zh && action.text.en).toBeTruthy();
    }
  });
  it('reassesses D within 30 days, C within 60, otherwise within 6 months', () => {
    expect(rubricV1.reassess).toEqual({ A: { months: 6 }, B: { months: 6 }, C: { days: 60 }, D: { days: 30 } });
  });
});
