// The school first-aid use cases, one transaction each; routes and pages call only these.
export { createKit, updateKit, listKits, getKit, addMdi, updateMdi, recordCheck, recordUse, recordParentTold, registeredPupils, pupilNames } from './kits';
export { listKitAlerts, type AlertView } from './alerts';
export type { ActionView, KitView, TrainingView } from './views';
export { createTraining, listTrainings } from './trainings';
export { createAssessment, getAssessment, listAssessments, updateAction, listOpenActions, rescore, rubrics, type AssessmentView } from './assessments';
export { assessmentPrefill, type Prefill, type Prefilled } from './prefill';
export { filterSchoolsOverview, schoolSummary, schoolsOverview, type SchoolSummary, type SchoolOverviewRow } from './summary';
