// The built server (scripts/build.ts) is ASCII: V8 keeps each script's whole source while the thread
// runs, at two bytes a character if a single character needs it. The text past ASCII still reads
// the same once run.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildServer, INDICATOR_WORKER_BUNDLE, NOTIFY_WORKER_BUNDLE, READ_WORKER_BUNDLE, SERVER_BUNDLE } from '../../scripts/build';
import { t } from '../../web/i18n';

it('writes every bundle in ASCII, the Chinese text escaped', async () => {
  await buildServer();
  for (const file of [SERVER_BUNDLE, INDICATOR_WORKER_BUNDLE, READ_WORKER_BUNDLE, NOTIFY_WORKER_BUNDLE]) {
    const bytes = readFileSync(file);
    expect(
      bytes.findIndex((b) => b > 0x7f),
      file,
    ).toBe(-1);
  }
  // A catalogue text, as it appears in the server's bundle.
  const text = t('zh', 'nav.home');
  expect(/[^\x00-\x7f]/.test(text)).toBe(true);
  const escaped = JSON.stringify(text).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  expect(readFileSync(SERVER_BUNDLE, 'utf8')).toContain(escaped.slice(1, -1));
});
