// The school first-aid rules: requirements, rubric data, scorer, input schema and inventory alerts.
export * from './requirements';
export * from './rubric-v1';
export * from './assessment-input';
export * from './score';
export * from './kit-alerts';
