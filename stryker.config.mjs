// Mutation testing (issue 38): `npm run test:mutation` (every group below) or
// `node scripts/mutation.mjs <group>...`. A group is code with the tests that must kill its
// mutants; STRYKER_GROUPS (comma-separated) picks them, and each group has its own incremental
// file so that running one does not forget the others' results. Scores: test/MUTATION.md.
// server/indicators/** is left out on purpose (being rewritten, issue 38's brief).

export const GROUPS = {
  // Pure rules: killed by their own unit tests alone, so the run is fast and the score honest.
  rules: {
    mutate: ['server/followups/rules/**/*.ts', 'server/referrals/rules/**/*.ts', 'server/schools/rules/**/*.ts', 'server/family-app/plan-rules.ts', 'server/asthma-index/rules/score.ts', '!**/index.ts'],
    testFiles: ['test/server/followups/rules/**/*.test.ts', 'test/server/referrals/rules/**/*.test.ts', 'test/server/schools/rules/**/*.test.ts', 'test/server/family-app/plan-rules.test.ts', 'test/server/asthma-index/rules/score*.test.ts'],
    thresholds: { high: 90, low: 85, break: 85 },
  },
  // Who may see and change what: child and school scope, request authentication, sessions.
  access: {
    mutate: ['server/children/scope.ts', 'server/schools/scope.ts', 'server/auth/request-auth.ts', 'server/auth/sessions.ts', 'server/auth/throttle.ts', 'server/auth/redirect.ts', 'server/auth/client-address.ts'],
    testFiles: [
      'test/server/{children,schools}/scope*.test.ts',
      'test/server/auth/**/*.test.ts',
      // Not login-throttle.test.ts (~40 s: a password hash per attempt); the throttle and the
      // client address have direct tests in test/server/auth.
      'test/security/{request-auth,sessions,redirects,cookie,manager-children,access-over-time,retention}.test.ts',
    ],
    thresholds: { high: 90, low: 85, break: 85 },
  },
  audit: {
    mutate: ['server/audit/**/*.ts'],
    testFiles: ['test/server/audit/**/*.test.ts', 'test/security/audited-pages.test.ts'],
    thresholds: { high: 85, low: 70, break: 70 },
  },
  // The diary's alerts and what the parent is told after one; the schools' kit alerts.
  alerts: {
    mutate: ['server/diary/**/*.ts', 'server/schools/alerts.ts'],
    testFiles: ['test/server/diary/**/*.test.ts', 'test/server/children/diary.test.ts', 'test/server/schools/{api,inventory,district-cache,district-patch,alerts.mutation}.test.ts'],
    thresholds: { high: 85, low: 70, break: 70 },
  },
  // Feature services through their API tests (slow: each test builds its own world).
  services: {
    mutate: [
      'server/children/{service,events,export}.ts',
      'server/followups/service.ts',
      'server/referrals/service.ts',
      'server/schools/{kits,assessments,trainings,summary}.ts',
      'server/users/service.ts',
      'server/reference/service.ts',
      'server/asthma-index/service.ts',
    ],
    testFiles: [
      // Not the rules/ subfolders: their unit tests import no service.
      'test/server/{children,followups,referrals,schools,reference,asthma-index}/*.test.ts',
    ],
    thresholds: { high: 85, low: 70, break: 70 },
  },
};

const names = (process.env.STRYKER_GROUPS ?? Object.keys(GROUPS).join(',')).split(',').filter(Boolean);
for (const n of names) if (!GROUPS[n]) throw new Error(`Unknown mutation group "${n}"; known: ${Object.keys(GROUPS).join(', ')}`);
const chosen = names.map((n) => GROUPS[n]);
// scripts/mutation-changed.mjs narrows a group to the files of the folders a change touched.
const only = process.env.STRYKER_MUTATE?.split(',').filter(Boolean);
// STRYKER_TEST_FILES (globs separated by spaces: a glob may hold commas in braces) narrows the tests too, for a quick look at one file
// of a slow group (each API test file builds its own world per mutant): such a score says what
// those tests alone pin down.
const onlyTests = process.env.STRYKER_TEST_FILES?.split(/\s+/).filter(Boolean);
const label = names.join('+') + (only ? '-changed' : '');
// The strictest floor of the chosen groups breaks the run (exit code 1).
const pick = (k) => Math.min(...chosen.map((g) => g.thresholds[k]));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: false },
  checkers: ['typescript'],
  // Only the mutated code and what it imports is type-checked, not web/ or the tests.
  tsconfigFile: 'stryker.tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants and tables) need a fresh module graph and every test
  // per mutant: ~6 s each, 700 of them in the rules alone. They are reported as Ignored; the
  // tables are covered by the worked-example tests (test/MUTATION.md).
  ignoreStatic: true,
  // Two cores shared with other work: one test runner (plus the checker).
  concurrency: 1,
  mutate: only ?? chosen.flatMap((g) => g.mutate),
  testFiles: onlyTests ?? chosen.flatMap((g) => g.testFiles),
  thresholds: { high: pick('high'), low: pick('low'), break: pick('break') },
  incremental: !only,
  incrementalFile: `reports/mutation/${label}/incremental.json`,
  // A busy shared machine: don't call a slow mutant a timeout too early.
  timeoutMS: 15000,
  dryRunTimeoutMinutes: 20,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${label}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${label}/mutation.json` },
  clearTextReporter: { allowColor: false, reportTests: false, reportMutants: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['data', 'dist', 'coverage', 'reports', '.scratch', 'test/e2e', 'test/bench/reports', 'test/e2e/screenshots'],
};
