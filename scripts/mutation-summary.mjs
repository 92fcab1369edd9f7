// Per-folder scores of a mutation group's JSON report, as a Markdown table for test/MUTATION.md,
// and with --survivors the surviving and uncovered mutants (file:line, mutator, replacement).
//   node scripts/mutation-summary.mjs <group> [--survivors]
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

const [group, flag] = process.argv.slice(2);
if (!group) {
  console.error('usage: node scripts/mutation-summary.mjs <group> [--survivors]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(`reports/mutation/${group}/mutation.json`, 'utf8'));
const STATUSES = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'RuntimeError', 'Ignored'];
const folders = new Map();
const add = (key, status) => {
  const row = folders.get(key) ?? Object.fromEntries(STATUSES.map((s) => [s, 0]));
  row[status] = (row[status] ?? 0) + 1;
  folders.set(key, row);
};
for (const [file, { mutants }] of Object.entries(report.files))
  for (const m of mutants) {
    add(dirname(file), m.status);
    add('(all)', m.status);
  }

// Stryker's score: killed and timed out over every valid mutant (compile errors, ignored excluded).
const score = (r) => {
  const valid = r.Killed + r.Timeout + r.Survived + r.NoCoverage;
  return valid ? ((100 * (r.Killed + r.Timeout)) / valid).toFixed(1) : 'n/a';
};
console.log('| folder | score % | killed | timeout | survived | no coverage | type errors | ignored (static) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [folder, r] of [...folders].sort(([a], [b]) => (a === '(all)' ? 1 : b === '(all)' ? -1 : a.localeCompare(b)))) {
  console.log(`| ${folder} | ${score(r)} | ${r.Killed} | ${r.Timeout} | ${r.Survived} | ${r.NoCoverage} | ${r.CompileError} | ${r.Ignored} |`);
}

if (flag === '--survivors') {
  console.log('');
  for (const [file, { mutants, source }] of Object.entries(report.files)) {
    const lines = source.split('\n');
    for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      const { line, column } = m.location.start;
      const original = lines[line - 1]?.trim().slice(0, 140);
      console.log(`${m.status} ${file}:${line}:${column} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? '').slice(0, 80)}\n    ${original}`);
    }
  }
}
