// The house plan's import rules bite (issue 32): a probe file per rule, written where the rule
// applies, is cruised with the project's own configuration and must be named as a violation. The
// formatter bites too: `biome check`, as npm run lint runs it, refuses a file Biome would lay out otherwise.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };

// Built, not written out: a literal two-levels-up path in this file would read as leaving the clone.
const up = (levels: number) => '../'.repeat(levels);
const probes: [file: string, source: string, rule: string][] = [
  ['server/zz-lint-probe.ts', "export { runCli } from '../jobs/cli';\n", 'nothing-imports-jobs'],
  ['server/zz-lint-probe-2.ts', "export { createWorld } from '../test/helpers/world';\n", 'no-tests-in-the-product'],
  ['db/zz-lint-probe.ts', "export { today } from '../server/clock';\n", 'db-is-the-bottom'],
  ['db/migrations/zz-lint-probe.ts', `export { today } from '${up(2)}server/clock';\n`, 'migrations-are-frozen'],
  ['web/i18n/zz-lint-probe.ts', `export { today } from '${up(2)}server/clock';\n`, 'catalogue-is-a-leaf'],
  ['server/zz-lint-probe-3.ts', "export { registerPages } from '../web/pages';\n", 'server-does-not-render'],
  ['server/zz-lint-probe-4.ts', "export { default as Driver } from 'better-sqlite3';\n", 'driver-stays-in-db'],
  ['jobs/zz-lint-probe.ts', "export { sqliteOf } from '../db/sqlite/open';\n", 'driver-stays-in-db'],
  ['server/zz-lint-probe-5.ts', "export { default as Sms } from '@alicloud/dysmsapi20170525';\n", 'sms-sdk-loads-lazily'],
  ['db/zz-lint-probe-2.ts', "export { default as Pg } from 'pg';\n", 'pg-loads-lazily'],
];
afterAll(() => {
  for (const [file] of probes) rmSync(file, { force: true });
});

describe('npm run lint: the dependency rules', () => {
  it.each(probes)('%s is refused by %s', async (file, source, rule) => {
    writeFileSync(file, source);
    const result = await cruise([file], { ...config.options, includeOnly: undefined, ruleSet: { forbidden: config.forbidden }, validate: true } as never);
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string }[] } };
    const names = output.summary.violations.filter((v) => v.from === file).map((v) => v.rule.name);
    expect(names).toContain(rule);
  });

  it('finds nothing in a file that keeps the plan', async () => {
    const file = 'server/zz-lint-probe-ok.ts';
    writeFileSync(file, "export { today } from './clock';\n");
    try {
      const result = await cruise([file], { ...config.options, includeOnly: undefined, ruleSet: { forbidden: config.forbidden }, validate: true } as never);
      const output = result.output as { summary: { violations: { from: string }[] } };
      expect(output.summary.violations.filter((v) => v.from === file)).toEqual([]);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe('npm run lint: the formatter', () => {
  // The project's own Biome and biome.json, on probe files of the same code as typed and as formatted.
  const check = (file: string) => spawnSync('node_modules/.bin/biome', ['check', file], { encoding: 'utf8' });

  it('refuses a file that is not formatted and passes the same code formatted', () => {
    const messy = 'server/zz-format-probe.ts';
    const tidy = 'server/zz-format-probe-ok.ts';
    try {
      writeFileSync(messy, 'export const probe = {a:1,\n    b: "two"}\n');
      writeFileSync(tidy, "export const probe = { a: 1, b: 'two' };\n");
      const refused = check(messy);
      expect(refused.status).toBe(1);
      expect(refused.stdout + refused.stderr).toContain(`${messy} format`);
      const passed = check(tidy);
      expect(passed.status, passed.stdout + passed.stderr).toBe(0);
    } finally {
      for (const file of [messy, tidy]) rmSync(file, { force: true });
    }
  });
});
