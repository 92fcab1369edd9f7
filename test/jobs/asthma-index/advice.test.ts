import { describe, expect, it } from 'vitest';
import {
  ADVICE_DISCLAIMER,
  adviceTips,
  composeAdvice,
  computeIndex,
  describeFactors,
  DISTRICTS,
  findDistrict,
  INDEX_LEVELS,
  isDistrictCode,
  type IndexComputed,
  type IndexInputs,
} from '../../../jobs/asthma-index';

function ok(inputs: IndexInputs): IndexComputed {
  const result = computeIndex(inputs);
  if (result.status !== 'ok') throw new Error('expected a level');
  return result;
}

const calm: IndexInputs = {
  tmax: 27, tmin: 20, tmean: 23.4, prevTmean: 23.0, prevTmin: 19.5, prev3Tmean: [22.1, 22.8, 23.0],
  rh: 68, p: 1009.8, prevP: 1010.5, pm25: 22, no2: 25, o3_8h: 95,
};
const coldWave: IndexInputs = {
  tmax: 4, tmin: -2, tmean: 0.8, prevTmean: 9.5, prevTmin: 7, prev3Tmean: [10.1, 9.8, 9.5],
  rh: 45, p: 1036.0, prevP: 1024.0, pm25: 40, no2: 35, o3_8h: 70,
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

describe('advice', () => {
  it('every level keeps the controller, carries the reliever, and ends with the disclaimer', () => {
    const byLevel = [calm, { ...calm, pm25: 80 }, { ...calm, pm25: 120 }, { ...calm, pm25: 160 }, coldWave].map(ok);
    expect(byLevel.map((r) => r.level)).toEqual([1, 2, 3, 4, 5]);
    for (const r of byLevel) {
      const advice = composeAdvice(r);
      expect(advice.zh).toContain('控制药物');
      expect(advice.zh).toContain('缓解药物');
      expect(advice.en).toMatch(/controller medicine every day as prescribed.*carry the reliever/);
      expect(advice.zh.endsWith('本指数为基于天气与空气质量的人群风险提示，不能替代医生诊断和孩子的个体化哮喘行动计划。')).toBe(true);
      expect(advice.en.endsWith(
        "This index is a population-level alert; it does not replace medical advice or your child's asthma action plan.",
      )).toBe(true);
      expect(advice.en.endsWith(ADVICE_DISCLAIMER.en)).toBe(true);
    }
  });

  it('additions build up by level', () => {
    const [l1, l2, l3, l4, l5] = [calm, { ...calm, pm25: 80 }, { ...calm, pm25: 120 }, { ...calm, pm25: 160 }, coldWave]
      .map((inputs) => composeAdvice(ok(inputs)).en);
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
    expect(l4).not.toMatch(/120/);
    expect(l5).toMatch(/Keep the child indoors/);
    expect(l5).toMatch(/Call 120 .* cannot speak in full sentences, has blue lips, or the reliever does not help/);
    expect(composeAdvice(ok(coldWave)).zh).toContain('请立即拨打120或前往急诊');
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
