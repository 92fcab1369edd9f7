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

describe('worker threads under the server options', () => {
  // The mechanism server/node-flags.ts relies on, in a process started as npm start starts the server.
  const probe = (clear: boolean) => {
    const script = `
      import { getHeapSpaceStatistics } from 'node:v8';
      import { Worker } from 'node:worker_threads';
      import { letWorkersSizeTheirYoungGeneration } from ${JSON.stringify(new URL('../../server/node-flags.ts', import.meta.url).pathname)};
      const churn = 'let keep = []; for (let i = 0; i < 3e6; i++) { keep.push({ i, s: "x" + i }); if (keep.length > 100000) keep = []; }';
      const newSpaceMb = () => Math.round(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576);
      if (${clear}) letWorkersSizeTheirYoungGeneration();
      const workerCode = 'import { getHeapSpaceStatistics } from "node:v8"; import { parentPort } from "node:worker_threads"; ' + churn
        + '; parentPort.postMessage((' + newSpaceMb + ')())';
      const worker = new Worker(new URL('data:text/javascript,' + encodeURIComponent(workerCode)), { resourceLimits: { maxYoungGenerationSizeMb: 3 } });
      const workerMb = await new Promise((resolve) => worker.once('message', resolve));
      await worker.terminate();
      new Function(churn)();
      const serverMb = newSpaceMb();
      console.log(JSON.stringify({ workerMb, serverMb }));`;
    const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as { workerMb: number; serverMb: number };
  };

  it("get the young generation their resourceLimits give once it is cleared, and the server's thread keeps its own", () => {
    // The worker's new space within the 3 MB its resourceLimits give (how far V8 grows it inside
    // that differs between machines: 2 MB here, 1 on CI's); the server's two 8 MB semi-spaces.
    const { workerMb, serverMb } = probe(true);
    expect(workerMb).toBeGreaterThan(0);
    expect(workerMb).toBeLessThanOrEqual(3);
    expect(serverMb).toBe(16);
  });

  it("would otherwise get the server's semi-spaces whatever their resourceLimits say", () => {
    expect(probe(false).workerMb).toBe(16);
  });
});
