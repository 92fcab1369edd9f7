// What parents read: level labels and colours, advice per level, trigger tips, and plain-words factors.
// Wording follows docs/asthma-index.md "Levels and advice"; zh-CN first, en complete too.
import { airQuality, type AqiBand } from './aqi';
import type { IndexInputs } from './features';
import { currentIndexParams, indexParamsFor } from './params';
import type { IndexFactor, IndexLevel, IndexParams, Pollutant } from './params-v0.1';
import { computeIndex, type IndexComputed } from './score';

export interface Bilingual {
  zh: string;
  en: string;
}

export type LevelColour = 'green' | 'blue' | 'yellow' | 'orange' | 'red';

export const INDEX_LEVELS: Readonly<Record<IndexLevel, { label: Bilingual; colour: LevelColour }>> = {
  1: { label: { zh: '低风险', en: 'Low' }, colour: 'green' },
  2: { label: { zh: '较低风险', en: 'Low-moderate' }, colour: 'blue' },
  3: { label: { zh: '中等风险', en: 'Moderate' }, colour: 'yellow' },
  4: { label: { zh: '较高风险', en: 'High' }, colour: 'orange' },
  5: { label: { zh: '高风险', en: 'Very high' }, colour: 'red' },
};

export const ADVICE_DISCLAIMER: Bilingual = {
  zh: '本指数为基于天气与空气质量的人群风险提示，不能替代医生诊断和孩子的个体化哮喘行动计划。',
  en: "This index is a population-level alert; it does not replace medical advice or your child's asthma action plan.",
};

// Each sentence applies from one level to another, so higher levels build on lower ones
// and a stricter sentence replaces a milder one (cut exercise -> limit outdoor time -> stay indoors).
const LEVEL_ADVICE: readonly { from: IndexLevel; to: IndexLevel; text: Bilingual }[] = [
  {
    from: 1,
    to: 5,
    text: {
      zh: '按医嘱每天坚持使用控制药物，外出随身携带缓解药物（吸入器和储雾罐）。',
      en: 'Keep giving the controller medicine every day as prescribed, and carry the reliever inhaler (with its spacer) whenever the child goes out.',
    },
  },
  {
    from: 2,
    to: 5,
    text: {
      zh: '根据气温变化及时增减衣物，留意咳嗽、喘息、胸闷或夜间憋醒等早期症状。',
      en: 'Dress the child for temperature swings and watch for early symptoms: cough, wheeze, chest tightness or waking at night.',
    },
  },
  { from: 3, to: 3, text: { zh: '减少长时间或剧烈的户外运动。', en: 'Cut back long or intense outdoor exercise.' } },
  { from: 4, to: 4, text: { zh: '尽量减少户外活动时间。', en: 'Limit time outdoors.' } },
  { from: 5, to: 5, text: { zh: '尽量让孩子待在室内。', en: 'Keep the child indoors.' } },
  { from: 3, to: 5, text: { zh: '空气质量差时关闭门窗。', en: 'Close the windows when the air is poor.' } },
  {
    from: 3,
    to: 5,
    text: {
      zh: '出现黄区症状时，按孩子的哮喘行动计划黄区处理。',
      en: "If yellow-zone symptoms appear, act on the yellow zone of the child's asthma action plan.",
    },
  },
  {
    from: 4,
    to: 5,
    text: {
      zh: '检查缓解药物是否在有效期内，并确认老师知道如何使用。',
      en: 'Check that the reliever is in date and that teachers know how to use it.',
    },
  },
  { from: 4, to: 5, text: { zh: '如症状不能缓解，请及时就医。', en: 'See a doctor if symptoms do not settle.' } },
];

/**
 * The last sentence of every level's advice (clinical safety rules 8.6): the danger signs in a
 * parent's words and 120, with nothing to wait for first.
 */
export const DANGER_SIGNS: Bilingual = {
  zh: '如孩子出现说话困难、嘴唇发紫、胸廓凹陷（吸气时肋骨间凹陷）、精神萎靡或意识模糊，或缓解药物无效，立即拨打120。',
  en: 'If your child struggles to speak, has blue lips, the skin between the ribs sucks in, is drowsy or confused, or the reliever is not helping, call 120 now.',
};

/** The AQI bands that carry advice: light or worse. */
export type PollutedBand = Exclude<AqiBand, 'excellent' | 'good'>;

/**
 * HJ 633-2012 table 2's measures for sensitive groups, by the day's AQI band; added whatever the
 * level, because a low weather risk does not make polluted air safe for an asthmatic child.
 */
export const AIR_QUALITY_ADVICE: Readonly<Record<PollutedBand, Bilingual>> = {
  light: {
    zh: '空气质量为轻度污染（AQI 101-150）：儿童和肺部疾病患者应减少长时间、高强度的户外锻炼。',
    en: 'Air quality is lightly polluted (AQI 101-150): children and people with lung disease should reduce long or intense outdoor exercise.',
  },
  moderate: {
    zh: '空气质量为中度污染（AQI 151-200）：儿童和肺部疾病患者应避免长时间、高强度的户外锻炼，并减少户外活动。',
    en: 'Air quality is moderately polluted (AQI 151-200): children and people with lung disease should avoid long or intense outdoor exercise and cut outdoor activity.',
  },
  heavy: {
    zh: '空气质量为重度污染（AQI 201-300）：儿童和肺部疾病患者应留在室内，停止户外运动。',
    en: 'Air quality is heavily polluted (AQI 201-300): children and people with lung disease should stay indoors and stop outdoor exercise.',
  },
  severe: {
    zh: '空气质量为严重污染（AQI 300以上）：儿童和肺部疾病患者应留在室内，避免体力消耗。',
    en: 'Air quality is severely polluted (AQI above 300): children and people with lung disease should stay indoors and avoid physical exertion.',
  },
};

/** The band's sentence, or null when the air is excellent or good (or not measured). */
export function airQualityAdvice(band: AqiBand | null | undefined): Bilingual | null {
  return band && band !== 'excellent' && band !== 'good' ? AIR_QUALITY_ADVICE[band] : null;
}

export type AdviceTip = 'temperatureDrop' | 'temperatureRise' | 'dayNightSwing' | 'cold' | 'coldSpell' | 'heat' | 'dryAir' | 'dampAir' | 'pollution' | 'highOzone' | 'pollen' | 'thunderstorm';

export const ADVICE_TIPS: Readonly<Record<AdviceTip, Bilingual>> = {
  temperatureDrop: {
    zh: '气温骤降：注意保暖，外出时用围巾或口罩遮住口鼻，减少冷空气刺激。',
    en: 'Sharp temperature drop: keep the child warm and cover nose and mouth with a scarf or mask outdoors, as cold air can set off an attack.',
  },
  temperatureRise: {
    zh: '气温骤升：穿便于增减的衣物，避免孩子活动出汗后受凉。',
    en: 'Sharp temperature rise: dress the child in clothes that are easy to take off, so they do not get chilled after sweating.',
  },
  dayNightSwing: {
    zh: '昼夜温差大：分层穿衣，早晚多备一件外套。',
    en: 'Large day-night swing: dress the child in layers and pack an extra one for the morning and evening.',
  },
  cold: {
    zh: '天气寒冷：注意保暖，外出时遮住口鼻。',
    en: 'Cold day: keep the child warm and cover nose and mouth outdoors.',
  },
  coldSpell: {
    zh: '持续低温：室内保暖并适时通风，外出注意保暖、遮住口鼻。',
    en: 'Cold spell: keep rooms warm but aired, and keep the child warm with nose and mouth covered outdoors.',
  },
  heat: {
    zh: '高温天气：避免正午户外活动，注意防暑补水，空调温度不宜过低。',
    en: 'Hot day: avoid outdoor play at midday, keep the child cool and drinking, and avoid cold blasts from air conditioning.',
  },
  dryAir: {
    zh: '空气干燥：多喝水，室内可适当加湿。',
    en: 'Dry air: keep the child drinking water and consider a humidifier indoors.',
  },
  dampAir: {
    zh: '空气潮湿：室内注意通风除湿，减少霉菌和尘螨。',
    en: 'Damp air: air and dehumidify rooms to keep mould and dust mites down.',
  },
  pollution: {
    zh: '空气污染：关闭门窗，有条件时开启空气净化器，外出佩戴合适的口罩。',
    en: 'Air pollution: keep windows closed, run an air purifier if you have one, and use a well-fitting mask outdoors.',
  },
  highOzone: {
    zh: '臭氧偏高：臭氧午后最高，户外活动安排在早晨或傍晚。',
    en: 'High ozone: ozone peaks in the afternoon, so plan outdoor play for the morning or evening.',
  },
  pollen: {
    zh: '花粉浓度高：关闭门窗，回家后洗脸、更换衣物。',
    en: "High pollen: keep windows closed, and wash the child's face and change clothes after coming in.",
  },
  thunderstorm: {
    zh: '雷暴伴花粉：雷雨期间及雨后一段时间待在室内，关闭门窗。',
    en: 'Thunderstorm with pollen about: stay indoors with windows closed during and just after the storm.',
  },
};

const MAX_TIPS = 2;

/** The tip that fits what actually drove a factor; pressure change has none. */
function tipFor(factor: IndexFactor, result: IndexComputed, params: IndexParams): AdviceTip | null {
  const { bands, features, inputs } = result;
  switch (factor) {
    case 'tempChange':
      return (bands.drop ?? -1) >= (bands.rise ?? -1) ? 'temperatureDrop' : 'temperatureRise';
    case 'dtr':
      return 'dayNightSwing';
    case 'thermal':
      if (bands.heat > bands.cold) return 'heat';
      return features.coldSpell === true ? 'coldSpell' : 'cold';
    case 'humidity':
      return (inputs.rh ?? 0) >= Math.min(...params.humidity.dampAtLeast) ? 'dampAir' : 'dryAir';
    case 'air': {
      const { pm25 = 0, no2 = 0, o3_8h = 0 } = bands.pollutants;
      return o3_8h > Math.max(pm25, no2) ? 'highOzone' : 'pollution';
    }
    case 'pollen':
      return inputs.thunderstorm === true ? 'thunderstorm' : 'pollen';
    case 'pressureChange':
      return null;
  }
}

/** At most two tips, for the factors with the largest weight x sub-score; a thunderstorm floor leads. */
export function adviceTips(result: IndexComputed, params: IndexParams = currentIndexParams): AdviceTip[] {
  const tips: AdviceTip[] = result.floors.some((f) => f.id === 'thunderstormPollen') ? ['thunderstorm'] : [];
  for (const { factor } of result.topFactors) {
    const tip = tipFor(factor, result, params);
    if (tip && !tips.includes(tip)) tips.push(tip);
  }
  return tips.slice(0, MAX_TIPS);
}

/**
 * The advice from its parts: the level's sentences, the trigger tips, the air-quality sentence for
 * a light or worse band, the disclaimer, and last the danger signs and 120.
 */
export function renderAdvice(level: IndexLevel, tips: readonly AdviceTip[], airBand: AqiBand | null): Bilingual {
  const sentences = LEVEL_ADVICE.filter((a) => a.from <= level && level <= a.to).map((a) => a.text);
  sentences.push(...tips.map((tip) => ADVICE_TIPS[tip]));
  const air = airQualityAdvice(airBand);
  if (air) sentences.push(air);
  sentences.push(ADVICE_DISCLAIMER, DANGER_SIGNS);
  return {
    zh: sentences.map((s) => s.zh).join(''),
    en: sentences.map((s) => s.en).join(' '),
  };
}

/** The AQI band of the day's worst pollutant, or null without air-quality data. */
export function airBandOf(inputs: Pick<IndexInputs, Pollutant>): AqiBand | null {
  return airQuality(inputs)?.band ?? null;
}

/** Advice for a computed day. */
export function composeAdvice(result: IndexComputed, params: IndexParams = currentIndexParams): Bilingual {
  return renderAdvice(result.level, adviceTips(result, params), airBandOf(result.inputs));
}

/** What a stored day keeps: its level, its inputs (JSON) and the version it was computed with. */
export interface StoredDayBasis {
  level: number;
  inputs: string;
  algorithmVersion: string;
}

/**
 * A stored day's advice under today's rules, for every read and delivery: the stored level is kept,
 * the tips come from its inputs recomputed with its own version's parameters (the same numbers
 * gave the same tips), and the air sentence from its pollutants. Days stored with older wording
 * (algorithm 0.1) so show the danger signs too. Unreadable inputs still give the level's advice.
 */
export function storedDayAdvice(day: StoredDayBasis): Bilingual {
  const level = day.level as IndexLevel;
  let inputs: IndexInputs = {};
  try {
    const parsed: unknown = JSON.parse(day.inputs);
    if (parsed && typeof parsed === 'object') inputs = parsed as IndexInputs;
  } catch {
    // Keep {}: the level's sentences, the disclaimer and the danger signs still apply.
  }
  const params = indexParamsFor(day.algorithmVersion);
  const result = computeIndex(inputs, params);
  const tips = result.status === 'ok' ? adviceTips(result, params) : [];
  return renderAdvice(level, tips, airBandOf(inputs));
}

export interface FactorDescription {
  name: IndexFactor;
  /** For air: the pollutant that set the band. */
  pollutant?: Pollutant;
  value: number;
  unit: string;
  points: number;
  text: Bilingual;
}

const POLLUTANT_NAMES: Readonly<Record<Pollutant, Bilingual>> = {
  pm25: { zh: 'PM2.5', en: 'PM2.5' },
  no2: { zh: 'NO₂', en: 'NO₂' },
  o3_8h: { zh: 'O₃(8小时)', en: 'O₃ (8-hour)' },
};

/** 9 -> "9", 8.46 -> "8.5". */
function plain(value: number, decimals = 1): string {
  return String(Number(value.toFixed(decimals)));
}

function signed(value: number): string {
  return value > 0 ? `+${plain(value)}` : plain(value);
}

/** Each present factor in plain words for the public page, largest points first. */
export function describeFactors(result: IndexComputed, params: IndexParams = currentIndexParams): FactorDescription[] {
  const { features, bands, inputs, subScores } = result;
  const described: FactorDescription[] = [];
  const add = (name: IndexFactor, value: number, unit: string, text: Bilingual, pollutant?: Pollutant) => {
    const points = params.weights[name] * (subScores[name] ?? 0);
    described.push({ name, value, unit, points, text, ...(pollutant ? { pollutant } : {}) });
  };

  if (subScores.tempChange !== undefined) {
    const dropLeads = features.drop !== null && (bands.drop ?? 0) >= (bands.rise ?? 0);
    if (subScores.tempChange > 0 && dropLeads) {
      const v = features.drop as number;
      add('tempChange', v, '°C', { zh: `气温骤降 ${plain(v)}°C`, en: `Temperature drop ${plain(v)}°C` });
    } else if (subScores.tempChange > 0) {
      const v = features.rise as number;
      add('tempChange', v, '°C', { zh: `气温骤升 ${plain(v)}°C`, en: `Temperature rise ${plain(v)}°C` });
    } else {
      const v = features.rise ?? -(features.drop as number);
      add('tempChange', v, '°C', { zh: `气温变化 ${signed(v)}°C`, en: `Temperature change ${signed(v)}°C` });
    }
  }
  const dtr = plain(features.dtr);
  add('dtr', features.dtr, '°C', { zh: `昼夜温差 ${dtr}°C`, en: `Day-night range ${dtr}°C` });
  if (bands.heat > bands.cold) {
    const v = plain(features.tmax);
    add('thermal', features.tmax, '°C', { zh: `最高气温 ${v}°C`, en: `High of ${v}°C` });
  } else {
    const v = plain(features.tmean);
    const spell = features.coldSpell === true;
    add('thermal', features.tmean, '°C', spell ? { zh: `持续低温 日均 ${v}°C`, en: `Cold spell, mean ${v}°C` } : { zh: `日均气温 ${v}°C`, en: `Mean temperature ${v}°C` });
  }
  if (subScores.humidity !== undefined && inputs.rh != null) {
    const v = plain(inputs.rh, 0);
    add('humidity', inputs.rh, '%', { zh: `相对湿度 ${v}%`, en: `Humidity ${v}%` });
  }
  if (subScores.pressureChange !== undefined && features.dp !== null) {
    const v = signed(features.dp);
    add('pressureChange', features.dp, 'hPa', { zh: `气压变化 ${v} hPa`, en: `Pressure change ${v} hPa` });
  }
  const leading = (Object.entries(bands.pollutants) as [Pollutant, number][]).reduce<[Pollutant, number] | null>((best, entry) => (!best || entry[1] > best[1] ? entry : best), null);
  if (subScores.air !== undefined && leading) {
    const pollutant = leading[0];
    const value = inputs[pollutant] as number;
    const name = POLLUTANT_NAMES[pollutant];
    add('air', value, 'µg/m³', { zh: `${name.zh} ${plain(value, 0)}`, en: `${name.en} ${plain(value, 0)}` }, pollutant);
  }
  if (subScores.pollen !== undefined && inputs.pollenLevel != null) {
    const v = inputs.pollenLevel;
    add('pollen', v, '', { zh: `花粉等级 ${v}`, en: `Pollen level ${v}` });
  }
  // Stable sort keeps the spec's factor order among equal points.
  return described.sort((a, b) => b.points - a.points);
}
