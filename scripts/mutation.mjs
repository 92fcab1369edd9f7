// Runs Stryker once per group of stryker.config.mjs (all groups without arguments), each with its
// own tests, floor and incremental file, at low priority on this shared 2-core machine. Exits
// non-zero if any group falls below its floor (`break`) or fails to run.
//   node scripts/mutation.mjs [group...]      e.g. npm run test:mutation -- rules access
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const ALL = ['rules', 'access', 'audit', 'alerts', 'services'];
const groups = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const extra = process.argv.slice(2).filter((a) => a.startsWith('-'));
const chosen = groups.length > 0 ? groups : ALL;
const unknown = chosen.filter((g) => !ALL.includes(g));
if (unknown.length > 0) {
  console.error(`Unknown group(s): ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
  process.exit(2);
}

const summary = [];
let failed = false;
for (const group of chosen) {
  const started = Date.now();
  console.log(`\n=== mutation group ${group} ===`);
  const run = spawnSync('nice', ['-n', '10', 'npx', 'stryker', 'run', 'stryker.config.mjs', ...extra], {
    stdio: 'inherit',
    env: { ...process.env, STRYKER_GROUPS: group },
  });
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  if (run.status !== 0) failed = true;
  summary.push(`${group}: exit ${run.status ?? run.signal}, ${minutes} min, ${score(group)}`);
}
console.log(`\n${summary.join('\n')}`);
process.exit(failed ? 1 : 0);

// The group's score from its JSON report (killed + timeout over all valid mutants).
function score(group) {
  try {
    const label = process.env.STRYKER_MUTATE ? `${group}-changed` : group;
    const report = JSON.parse(readFileSync(`reports/mutation/${label}/mutation.json`, 'utf8'));
    const counts = {};
    for (const file of Object.values(report.files)) for (const m of file.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
    const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
    const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
    return `score ${valid ? ((100 * detected) / valid).toFixed(2) : 'n/a'} % ${JSON.stringify(counts)}`;
  } catch {
    return 'no report';
  }
}
