import { describe, expect, it } from 'vitest';
import { calm } from './calm-day';
import {
  ADVICE_DISCLAIMER,
  adviceTips,
  AIR_QUALITY_ADVICE,
  composeAdvice,
  computeIndex,
  DANGER_SIGNS,
  describeFactors,
  DISTRICTS,
  findDistrict,
  INDEX_LEVELS,
  indexParamsV0_1,
  isDistrictCode,
  renderAdvice,
  storedDayAdvice,
  type IndexComputed,
  type IndexInputs,
  type IndexLevel,
} from '../../../../server/asthma-index/rules';

function ok(inputs: IndexInputs): IndexComputed {
  const result = computeIndex(inputs);
  if (result.status !== 'ok') throw new Error('expected a level');
  return result;
}

const coldWave: IndexInputs = {
  tmax: 4,
  tmin: -2,
  tmean: 0.8,
  prevTmean: 9.5,
  prevTmin: 7,
  prev3Tmean: [10.1, 9.8, 9.5],
  rh: 45,
  p: 1036.0,
  prevP: 1024.0,
  pm25: 40,
  no2: 35,
  o3_8h: 70,
};

describe('levels table', () => {
  it('labels and colours per the spec', () => {
    expect(INDEX_LEVELS[1]).toEqual({ label: { zh: '低风险', en: 'Low' }, colour: 'green' });
    expect(INDEX_LEVELS[2]).toEqual({ label: { zh: '较低风险', en: 'Low-moderate' }, colour: 'blue' });
    expect(INDEX_LEVELS[3]).toEqual({ label: { zh: '中等风险', en: 'Moderate' }, colour: 'yellow' });
    expect(INDEX_LEVELS[4]).toEqual({ label: { zh: '较高风险', en: 'High' }, colour: 'orange' });
    expect(INDEX_LEVELS[5]).toEqual({ label: { zh: '高风险', en: 'Very high' }, colour: 'red' });
  });
});

const ZH_DANGER = '如孩子出现说话困难、嘴唇发紫、胸廓凹陷（吸气时肋骨间凹陷）、精神萎靡或意识模糊，或缓解药物无效，立即拨打120。';
const EN_DANGER = 'If your child struggles to speak, has blue lips, the skin between the ribs sucks in, is drowsy or confused, or the reliever is not helping, call 120 now.';
const ZH_DISCLAIMER = '本指数为基于天气与空气质量的人群风险提示，不能替代医生诊断和孩子的个体化哮喘行动计划。';
const EN_DISCLAIMER = "This index is a population-level alert; it does not replace medical advice or your child's asthma action plan.";

describe('advice', () => {
  it('every level keeps the controller, carries the reliever, and ends with the disclaimer, then the danger signs and 120', () => {
    const byLevel = [calm, { ...calm, pm25: 80 }, { ...calm, pm25: 120 }, { ...calm, pm25: 160 }, coldWave].map(ok);
    expect(byLevel.map((r) => r.level)).toEqual([1, 2, 3, 4, 5]);
    for (const r of byLevel) {
      const advice = composeAdvice(r);
      expect(advice.zh).toContain('控制药物');
      expect(advice.zh).toContain('缓解药物');
      expect(advice.en).toMatch(/controller medicine every day as prescribed.*carry the reliever/);
      expect(advice.zh.endsWith(ZH_DISCLAIMER + ZH_DANGER), `level ${r.level} zh`).toBe(true);
      expect(advice.en.endsWith(`${EN_DISCLAIMER} ${EN_DANGER}`), `level ${r.level} en`).toBe(true);
      expect(advice.en.endsWith(DANGER_SIGNS.en)).toBe(true);
      expect(advice.en).toContain(ADVICE_DISCLAIMER.en);
      // 120 is said once, at the end: no level sends parents elsewhere first.
      expect(advice.zh.match(/120/g)).toHaveLength(1);
      expect(advice.en.match(/120/g)).toHaveLength(1);
    }
  });

  it('every level in both languages ends with the danger signs and 120, whatever the tips and the air', () => {
    const tipSets = [[], ['pollution'], ['temperatureDrop', 'cold']] as const;
    for (const level of [1, 2, 3, 4, 5] as IndexLevel[]) {
      for (const tips of tipSets) {
        for (const band of [null, 'excellent', 'good', 'light', 'moderate', 'heavy', 'severe'] as const) {
          const advice = renderAdvice(level, tips, band);
          expect(advice.zh.endsWith(ZH_DANGER), `${level} ${band} zh`).toBe(true);
          expect(advice.en.endsWith(EN_DANGER), `${level} ${band} en`).toBe(true);
        }
      }
    }
  });

  it('Chinese advice uses full-width punctuation', () => {
    for (const level of [1, 2, 3, 4, 5] as IndexLevel[]) {
      for (const band of [null, 'light', 'moderate', 'heavy', 'severe'] as const) {
        const zh = renderAdvice(level, ['temperatureDrop', 'pollution'], band).zh;
        expect(zh, `${level} ${band}`).not.toMatch(/[,;:!?()]|\.(?!\d)/);
      }
    }
  });

  it('additions build up by level', () => {
    const [l1, l2, l3, l4, l5] = [calm, { ...calm, pm25: 80 }, { ...calm, pm25: 120 }, { ...calm, pm25: 160 }, coldWave].map((inputs) => composeAdvice(ok(inputs)).en);
    expect(l1).not.toMatch(/early symptoms/);
    expect(l2).toMatch(/temperature swings and watch for early symptoms/);
    expect(l2).not.toMatch(/yellow/);
    expect(l3).toMatch(/Cut back long or intense outdoor exercise/);
    expect(l3).toMatch(/Close the windows when the air is poor/);
    expect(l3).toMatch(/yellow zone/);
    expect(l4).toMatch(/Limit time outdoors/);
    expect(l4).not.toMatch(/Cut back/);
    expect(l4).toMatch(/in date and that teachers know how to use it/);
    expect(l4).toMatch(/See a doctor if symptoms do not settle/);
    expect(l4).toMatch(/call 120 now\.$/);
    expect(l1).toMatch(/struggles to speak, has blue lips, .* call 120 now\.$/);
    expect(l5).toMatch(/Keep the child indoors/);
    // Level 5 has no 120 sentence of its own any more: the closing one serves every level.
    expect(l5).not.toMatch(/Call 120 or go to the emergency department/);
    expect(l5).toMatch(/If your child struggles to speak, .* call 120 now\.$/);
    expect(composeAdvice(ok(coldWave)).zh).toMatch(/胸廓凹陷（吸气时肋骨间凹陷）.*立即拨打120。$/);
  });

  it('at most two trigger tips, for the largest weight x sub-score', () => {
    // E3: tempChange 12 pts (drop), thermal 6, air 3, pressure 2, humidity 1.
    expect(adviceTips(ok(coldWave))).toEqual(['temperatureDrop', 'cold']);
    expect(composeAdvice(ok(coldWave)).en).toMatch(/cover nose and mouth/);
    expect(adviceTips(ok({ ...calm, pm25: 160 }))).toEqual(['pollution']);
    expect(adviceTips(ok({ ...calm, o3_8h: 170, rh: 35 }))).toEqual(['highOzone', 'dryAir']);
    expect(adviceTips(ok({ ...calm, rh: 95 }))).toEqual(['dampAir']);
    expect(adviceTips(ok({ ...calm, tmax: 38, tmin: 29, tmean: 33, prevTmean: 33, prevTmin: 28 }))).toEqual(['heat', 'dayNightSwing']);
    expect(adviceTips(ok({ tmax: 5, tmin: 1, tmean: 2, prevTmean: 2, prevTmin: 1, prev3Tmean: [2, 2, 2] }))).toEqual(['coldSpell']);
    expect(adviceTips(ok({ ...calm, prevTmean: 17.4 }))).toEqual(['temperatureRise']);
    expect(adviceTips(ok(calm))).toEqual([]);
  });

  it('a thunderstorm with pollen puts the thunderstorm tip first', () => {
    const r = ok({ ...calm, pm25: 160, thunderstorm: true, pollenLevel: 3 });
    expect(adviceTips(r)).toEqual(['thunderstorm', 'pollution']);
    expect(composeAdvice(r).en).toMatch(/stay indoors with windows closed during and just after the storm/);
    expect(adviceTips(ok({ ...calm, pollenLevel: 4 }))).toEqual(['pollen']);
  });
});

describe("HJ 633-2012 sensitive-group advice for the day's AQI band", () => {
  const expected = {
    light: { en: 'reduce long or intense outdoor exercise', zh: '减少长时间、高强度的户外锻炼' },
    moderate: { en: 'avoid long or intense outdoor exercise and cut outdoor activity', zh: '避免长时间、高强度的户外锻炼，并减少户外活动' },
    heavy: { en: 'stay indoors and stop outdoor exercise', zh: '留在室内，停止户外运动' },
    severe: { en: 'stay indoors and avoid physical exertion', zh: '留在室内，避免体力消耗' },
  } as const;

  it.each([
    ['light', { pm25: 100 }],
    ['moderate', { pm25: 120 }],
    ['heavy', { no2: 300 }],
    ['severe', { pm25: 260 }],
    ['severe', { o3_8h: 900 }],
  ] as const)("%s band (%o): the band's words for children and people with lung disease, before the danger signs", (band, air) => {
    const r = ok({ ...calm, ...air });
    const advice = composeAdvice(r);
    for (const lang of ['zh', 'en'] as const) {
      const sentence = AIR_QUALITY_ADVICE[band][lang];
      expect(sentence).toContain(expected[band][lang]);
      expect(sentence).toMatch(lang === 'zh' ? /儿童和肺部疾病患者/ : /children and people with lung disease/);
      expect(advice[lang]).toContain(sentence);
      expect(advice[lang].indexOf(sentence)).toBeLessThan(advice[lang].indexOf(DANGER_SIGNS[lang]));
      expect(advice[lang].endsWith(DANGER_SIGNS[lang])).toBe(true);
    }
    // Only the day's band, never another one's words.
    for (const other of ['light', 'moderate', 'heavy', 'severe'] as const) {
      if (other !== band) expect(advice.en).not.toContain(AIR_QUALITY_ADVICE[other].en);
    }
  });

  it('the worked example: PM2.5 100 gives "reduce long or intense outdoor exercise" whatever the level, level 1 included', () => {
    for (const level of [1, 2, 3, 4, 5] as IndexLevel[]) {
      const r = ok({ ...calm, pm25: 100 });
      const advice = composeAdvice({ ...r, level });
      expect(advice.en, `level ${level}`).toContain('children and people with lung disease should reduce long or intense outdoor exercise.');
      expect(advice.zh, `level ${level}`).toContain('儿童和肺部疾病患者应减少长时间、高强度的户外锻炼。');
    }
    const levelOne = renderAdvice(1, [], 'light').en;
    expect(levelOne).not.toMatch(/Cut back|Limit time outdoors|indoors/);
    expect(levelOne).toContain(AIR_QUALITY_ADVICE.light.en);
  });

  it('no air sentence when the air is excellent or good, or not measured', () => {
    for (const inputs of [calm, { ...calm, pm25: 75, no2: 80, o3_8h: 160 }, { ...calm, pm25: null, no2: null, o3_8h: null }]) {
      const advice = composeAdvice(ok(inputs));
      for (const sentence of Object.values(AIR_QUALITY_ADVICE)) expect(advice.en).not.toContain(sentence.en);
      expect(advice.en).not.toMatch(/Air quality is/);
    }
    // 75.1 rounds up past IAQI 100: light.
    expect(composeAdvice(ok({ ...calm, pm25: 75.1 })).en).toContain(AIR_QUALITY_ADVICE.light.en);
  });
});

describe('advice of a stored day', () => {
  it('is re-rendered from the rules for a day stored under 0.1, keeping its level', () => {
    const inputs: IndexInputs = { ...calm, pm25: 100 };
    const r = computeIndex(inputs, indexParamsV0_1);
    if (r.status !== 'ok') throw new Error('expected a level');
    expect([r.algorithmVersion, r.level]).toEqual(['0.1', 2]);
    const advice = storedDayAdvice({ level: r.level, inputs: JSON.stringify(r.inputs), algorithmVersion: '0.1' });
    expect(advice).toEqual(renderAdvice(2, ['pollution'], 'light'));
    expect(advice.en).toMatch(/Air pollution: keep windows closed/);
    expect(advice.en.endsWith(EN_DANGER)).toBe(true);
    // The stored level wins, even if the rules would give another today.
    expect(storedDayAdvice({ level: 4, inputs: JSON.stringify(r.inputs), algorithmVersion: '0.1' }).en).toMatch(/Limit time outdoors/);
  });

  it('a day stored under 0.2 reads exactly as it was composed', () => {
    const r = ok(coldWave);
    expect(r.algorithmVersion).toBe('0.2');
    expect(storedDayAdvice({ level: r.level, inputs: JSON.stringify(r.inputs), algorithmVersion: r.algorithmVersion })).toEqual(composeAdvice(r));
  });

  it("unreadable inputs or an unknown version still give the level's advice and the danger signs", () => {
    for (const day of [
      { level: 3, inputs: 'not json', algorithmVersion: '0.1' },
      { level: 3, inputs: '{}', algorithmVersion: 'test' },
    ]) {
      const advice = storedDayAdvice(day);
      expect(advice).toEqual(renderAdvice(3, [], null));
      expect(advice.zh.endsWith(ZH_DANGER)).toBe(true);
    }
  });
});

describe('plain-words factors', () => {
  it('names the trigger with its value, largest points first', () => {
    const r = ok({ ...coldWave, pm25: 160, tmin: -2 });
    const factors = describeFactors(r);
    expect(factors[0]).toMatchObject({ name: 'tempChange', value: 9, unit: '°C', points: 12, text: { zh: '气温骤降 9°C', en: 'Temperature drop 9°C' } });
    expect(factors[1]).toMatchObject({ name: 'air', pollutant: 'pm25', value: 160, points: 12, text: { zh: 'PM2.5 160', en: 'PM2.5 160' } });
    expect(factors.map((f) => f.name)).toEqual(['tempChange', 'air', 'thermal', 'pressureChange', 'humidity', 'dtr']);
    expect(factors.find((f) => f.name === 'pressureChange')?.text.en).toBe('Pressure change +12 hPa');
    expect(factors.find((f) => f.name === 'humidity')?.text.zh).toBe('相对湿度 45%');
  });

  it('neutral words when a factor scores nothing', () => {
    const factors = describeFactors(ok(calm));
    expect(factors.find((f) => f.name === 'tempChange')?.text.en).toBe('Temperature change +0.4°C');
    expect(factors.find((f) => f.name === 'thermal')?.text.zh).toBe('日均气温 23.4°C');
    expect(factors.every((f) => f.points === 0)).toBe(true);
  });
});

describe('districts', () => {
  it('the 16 districts with their centroids', () => {
    expect(DISTRICTS).toHaveLength(16);
    expect(new Set(DISTRICTS.map((d) => d.code)).size).toBe(16);
    expect(findDistrict('pudong')).toEqual({ code: 'pudong', name: { zh: '浦东新区', en: 'Pudong New Area' }, lat: 31.22, lon: 121.54 });
    expect(findDistrict('chongming')).toMatchObject({ lat: 31.62, lon: 121.4 });
    expect(findDistrict('jinshan')).toMatchObject({ name: { zh: '金山区' }, lat: 30.74, lon: 121.34 });
    expect(isDistrictCode('jingan')).toBe(true);
    expect(isDistrictCode('atlantis')).toBe(false);
  });
});
