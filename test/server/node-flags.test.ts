import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../server/node-flags';

describe('the V8 options the server runs with', () => {
  it('are the ones npm start and npm run demo pass (the benchmark imports them)', () => {
    const scripts = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts as Record<string, string>;
    expect(scripts.start).toBe(`tsx scripts/build.ts && node ${SERVER_NODE_FLAGS.join(' ')} dist/server.mjs`);
    expect(scripts.demo).toBe(`tsx scripts/build.ts && node ${SERVER_NODE_FLAGS.join(' ')} dist/server.mjs --demo`);
  });

  it('are options this Node accepts', () => {
    const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
