// A fresh clone must run every test with nothing beside it: no tracked file may read or name a
// path outside the repository (a sibling checkout beside the clone, or a build machine's home).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f !== '' && existsSync(path.join(root, f)));
const TEXT = /\.(ts|tsx|mts|mjs|cjs|js|json|md|css|html|sh|yml|yaml|txt)$|(^|\/)(run|\.[a-z]+rc)$/;
const textFiles = tracked.filter((f) => TEXT.test(f) && f !== 'package-lock.json');
const SELF = 'test/repository.test.ts'; // holds the bad paths below as samples
const outsideDocs = textFiles.filter((f) => !f.startsWith('docs/'));
const scanned = outsideDocs.filter((f) => f !== SELF);
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');

/** Paths that only exist on the machine someone wrote the file on. */
const BESIDE = [
  /(^|[^.\w])(\.\.\/)+shared\b/, // the steering checkout beside this one
  /(^|[\s'"`(=])\/(work|home|Users|root)\/[\w.-]/, // a build machine's absolute folders
  /\b[A-Z]:\\(Users|work)\\/,
];

/** Relative string literals in code ('../x', "../../y") that resolve outside the repository. */
function escapingLiterals(file: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/['"`]((?:\.\.\/)+[^'"`\s]*)['"`]/g)) {
    const target = path.resolve(root, path.dirname(file), m[1]!);
    if (target !== root && !target.startsWith(root + path.sep)) found.push(m[1]!);
  }
  return found;
}

describe('the repository stands on its own', () => {
  it('lists its files through git (the guard below would otherwise check nothing)', () => {
    expect(outsideDocs.length).toBeGreaterThan(100);
    expect(outsideDocs).toContain('README.md');
    expect(outsideDocs.some((f) => f.startsWith('test/fixtures/'))).toBe(true);
  });

  it('no tracked file outside docs/ names a path beside the repository', () => {
    const offenders = scanned.flatMap((f) => {
      const text = read(f);
      return BESIDE.filter((re) => re.test(text)).map((re) => `${f}: ${re.source}`);
    });
    expect(offenders).toEqual([]);
  });

  it('no code reads a relative path that leads out of the repository', () => {
    const code = scanned.filter((f) => /\.(ts|tsx|mts|mjs|cjs|js)$/.test(f));
    const offenders = code.flatMap((f) => escapingLiterals(f, read(f)).map((p) => `${f}: ${p}`));
    expect(offenders).toEqual([]);
  });

  it('every docs/ page that code, tests or the README point to exists', () => {
    const missing = outsideDocs.flatMap((f) =>
      [...read(f).matchAll(/\bdocs\/([\w-]+\.md)/g)]
        .map((m) => `docs/${m[1]}`)
        .filter((doc) => !tracked.includes(doc) && !existsSync(path.join(root, doc)))
        .map((doc) => `${f} -> ${doc}`),
    );
    expect(missing).toEqual([]);
  });

  it('every fixture a test reads is described in test/fixtures/README.md', () => {
    const readme = read('test/fixtures/README.md');
    const fixtures = tracked.filter((f) => f.startsWith('test/fixtures/') && !/\.(ts|md)$/.test(f));
    expect(fixtures.length).toBeGreaterThan(0);
    expect(fixtures.filter((f) => !readme.includes(path.basename(f)))).toEqual([]);
  });
});

describe('the guard itself bites', () => {
  // Built, not written out, so this file does not itself name the sibling folder.
  const UP = '..' + '/';
  const SIBLING = `${UP}shared`;
  it('catches the shapes of path that broke a fresh clone', () => {
    const hits = (text: string) => BESIDE.some((re) => re.test(text));
    expect(hits(`path.resolve(process.cwd(), '${SIBLING}/fixtures/open-meteo')`)).toBe(true);
    expect(hits(`read them from \`${UP}${SIBLING}\``)).toBe(true);
    expect(hits("const dir = '/work/main/data'")).toBe(true);
    expect(hits("import x from '../server/shared-body'")).toBe(false);
    expect(hits('server/http/shared-body.ts')).toBe(false);
    const deep = `${UP}${UP}${UP}${SIBLING}/a.json`;
    expect(escapingLiterals('test/jobs/x.test.ts', `new URL('${deep}', u)`)).toEqual([deep]);
    expect(escapingLiterals('test/jobs/x.test.ts', "import { a } from '../../server/app'")).toEqual([]);
  });
});
