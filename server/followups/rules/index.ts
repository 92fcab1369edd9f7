// Follow-up clinical rules (clinical.md §1-4, U5/U6 of §5). Pure: no I/O, no clock; dates come in as YYYY-MM-DD.
export * from '../../rule-violation';
export * from './instruments';
export * from './gina';
export * from './schedule';
export * from './pef';
export * from './diary';
export * from './suggestions';
