// Follow-up clinical rules (docs/clinical-rules.md, U5/U6 of docs/referrals.md). Pure: no I/O, no clock; dates come in as YYYY-MM-DD.
export * from '../../rule-violation';
export * from './instruments';
export * from './gina';
export * from './schedule';
export * from './pef';
export * from './diary';
export * from './suggestions';
export * from './symptom-zone';
export * from './working-days';
