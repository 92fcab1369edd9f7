// Which parameter object computes new days, and which one each stored day's version names.
import { indexParamsV0_1, type IndexParams } from './params-v0.1';
import { indexParamsV0_2 } from './params-v0.2';

export const INDEX_PARAMS: Readonly<Record<string, IndexParams>> = {
  [indexParamsV0_1.algorithmVersion]: indexParamsV0_1,
  [indexParamsV0_2.algorithmVersion]: indexParamsV0_2,
};

/** The parameters new results are computed with. */
export const currentIndexParams: IndexParams = indexParamsV0_2;

/** The parameters a stored day was computed with; the current ones for a version this code does not know. */
export function indexParamsFor(algorithmVersion: string): IndexParams {
  return INDEX_PARAMS[algorithmVersion] ?? currentIndexParams;
}
