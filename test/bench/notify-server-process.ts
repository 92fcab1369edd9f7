// Starting the served morning send's server process (notify-serve.ts): built as `npm start` builds
// the server, with notify-server.ts as its entry, and how much of its CPU its main thread used.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEntry, buildServer } from '../../scripts/build';
import { SERVER_NODE_FLAGS } from '../../server/node-flags';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const log = (line: string) => process.stdout.write(`${line}\n`);

/** The server as `npm start` builds it, with notify-server.ts as the entry, beside the workers it starts from dist/. */
export async function buildBenchServer(): Promise<string> {
  const serverBundle = await buildServer();
  const outfile = path.join(path.dirname(serverBundle), 'notify-bench-server.mjs');
  await buildEntry('test/bench/notify-server.ts', outfile);
  return outfile;
}

export function startServer(bundle: string, env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // BENCH_NODE_FLAGS: more Node options for the server (--cpu-prof, --trace-gc), as in run.ts.
    const more = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...more, bundle], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const ready = /serving http\S* \(.*\)/.exec(out);
      if (ready) {
        log(ready[0]);
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => process.stdout.write(more));
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out.slice(-2000)}`)));
  });
}

/** CPU ms so far of a process's main thread (its event loop): the rest of a server's is its workers'. */
export function mainThreadCpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}
