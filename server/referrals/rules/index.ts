// Two-way referral (双向转诊) rules: status moves, reason codes, timeliness, indicators. Pure.
export * from './state-machine';
export * from './reasons';
export * from './timeliness';
export * from './indicators';
