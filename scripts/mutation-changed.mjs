// CI's mutation step (issue 38): a full group takes longer than CI's 15-minute budget on 2 cores
// (test/MUTATION.md), so CI mutates only the folders a change touched, each against its group's
// floor. A folder counts as touched when a file to mutate in it changed, or a test under the
// mirrored test/ folder (test/server/auth/x.test.ts touches server/auth). Base: MUTATION_BASE, else
// origin/main, else the previous commit.
//   node scripts/mutation-changed.mjs [--list]   (npm run test:mutation:changed; --list: only say what)
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, matchesGlob } from 'node:path';
import { GROUPS } from '../stryker.config.mjs';

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const tryGit = (...args) => {
  try {
    return git(...args);
  } catch {
    return '';
  }
};

const base = process.env.MUTATION_BASE || tryGit('merge-base', 'HEAD', 'origin/main') || tryGit('rev-parse', 'HEAD~1');
if (!base) {
  console.log('mutation-changed: no base commit to compare with; nothing to mutate');
  process.exit(0);
}
const changed = git('diff', '--name-only', base, '--').split('\n').filter(Boolean);
const touched = new Set(changed.map((f) => dirname(f.startsWith('test/') ? f.slice('test/'.length) : f)));

const matches = (file, patterns) => patterns.some((p) => !p.startsWith('!') && matchesGlob(file, p)) && !patterns.some((p) => p.startsWith('!') && matchesGlob(file, p.slice(1)));
const tracked = git('ls-files').split('\n');
let failed = false;
for (const [group, { mutate }] of Object.entries(GROUPS)) {
  const files = tracked.filter((f) => matches(f, mutate) && touched.has(dirname(f)));
  if (files.length === 0) continue;
  console.log(`\nmutation-changed: group ${group}, ${files.length} file(s) in touched folders since ${base.slice(0, 12)}`);
  if (process.argv.includes('--list')) {
    console.log(files.join('\n'));
    continue;
  }
  const run = spawnSync('node', ['scripts/mutation.mjs', group], { stdio: 'inherit', env: { ...process.env, STRYKER_MUTATE: files.join(',') } });
  if (run.status !== 0) failed = true;
}
if (!failed && !process.argv.includes('--list')) console.log('\nmutation-changed: every touched folder at or above its floor (or none touched)');
process.exit(failed ? 1 : 0);
