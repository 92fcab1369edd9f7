// Algorithm 0.2 (issue 28, item 6): the same numbers as 0.1, so scores and levels do not change.
// What changed is the advice: every level ends with the danger signs and 120, and HJ 633-2012's
// words for sensitive groups are added for the day's AQI band. The version tells which days had it.
import { indexParamsV0_1, type IndexParams } from './params-v0.1';

export const indexParamsV0_2: IndexParams = { ...indexParamsV0_1, algorithmVersion: '0.2' };
