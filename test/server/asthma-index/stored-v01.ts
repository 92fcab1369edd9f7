// A day as algorithm 0.1 stored it, before the danger-sign rule: for tests that reads re-render it.
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema';
import { computeIndex, indexParamsV0_1, type IndexInputs } from '../../../server/asthma-index/rules';
import { indexDayRow } from '../../../server/asthma-index/store';

/** A mild day with PM2.5 100 µg/m³ (IAQI 132, light): level 2 under 0.1 and 0.2 alike. */
export const V01_INPUTS: IndexInputs = {
  tmax: 27,
  tmin: 20,
  tmean: 23.4,
  prevTmean: 23.0,
  prevTmin: 19.5,
  prev3Tmean: [22.1, 22.8, 23.0],
  rh: 68,
  p: 1009.8,
  prevP: 1010.5,
  pm25: 100,
  no2: 25,
  o3_8h: 95,
};

/** Word for word what 0.1 stored for that day: no danger signs, no HJ 633 sentence. */
export const V01_ADVICE = {
  zh:
    '按医嘱每天坚持使用控制药物，外出随身携带缓解药物（吸入器和储雾罐）。根据气温变化及时增减衣物，留意咳嗽、喘息、胸闷或夜间憋醒等早期症状。' +
    '空气污染：关闭门窗，有条件时开启空气净化器，外出佩戴合适的口罩。本指数为基于天气与空气质量的人群风险提示，不能替代医生诊断和孩子的个体化哮喘行动计划。',
  en:
    'Keep giving the controller medicine every day as prescribed, and carry the reliever inhaler (with its spacer) whenever the child goes out. ' +
    'Dress the child for temperature swings and watch for early symptoms: cough, wheeze, chest tightness or waking at night. ' +
    'Air pollution: keep windows closed, run an air purifier if you have one, and use a well-fitting mask outdoors. ' +
    "This index is a population-level alert; it does not replace medical advice or your child's asthma action plan.",
};

/** Stores (or replaces) the 0.1 day for a district and date, with its old advice text. */
export async function storeV01Day(db: Kysely<DB>, district: string, date: string, computedAt: string): Promise<void> {
  const result = computeIndex(V01_INPUTS, indexParamsV0_1);
  if (result.status !== 'ok' || result.level !== 2) throw new Error('the 0.1 fixture day should be level 2');
  const row = {
    ...indexDayRow(district, date, result, { kind: 'observed', fetchedAt: computedAt, source: 'open-meteo' }, null, computedAt),
    advice_zh: V01_ADVICE.zh,
    advice_en: V01_ADVICE.en,
  };
  await db.deleteFrom('index_days').where('district', '=', district).where('date', '=', date).execute();
  await db.insertInto('index_days').values(row).execute();
}
