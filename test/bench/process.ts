// The benchmark's server processes: started until their ready line, stopped, and their memory sampled.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    // BENCH_SERVER_LOG=file: the processes' output is appended there (with BENCH_NODE_FLAGS=--trace-gc, say).
    if (process.env.BENCH_SERVER_LOG) for (const s of [child.stdout!, child.stderr!]) s.on('data', (d: Buffer) => appendFileSync(process.env.BENCH_SERVER_LOG!, d));
    child.on('exit', (code) => reject(new Error(`process exited (${code}): ${out.slice(-2000)}`)));
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

/** The app server's peak RSS so far (MB), once its sampler runs: logged with each load, to show which one raised it. */
let peakMB: (() => number) | undefined;
export const serverPeakMB = (): number | undefined => peakMB?.();

export function rssSampler(pid: number) {
  // At the peak, also what it was made of: anonymous memory (heaps, SQLite's page caches, malloc),
  // mapped files (code, the WAL index) and shared memory.
  type Sample = { rss: number; anon: number; file: number; shmem: number; at?: string };
  let peak: Sample = { rss: 0, anon: 0, file: 0, shmem: 0 };
  const sample = (): Sample & { hwm: number } => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
      return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile'), shmem: field('RssShmem'), hwm: field('VmHWM'), at: new Date().toISOString().slice(11, 19) };
    } catch {
      return { rss: 0, anon: 0, file: 0, shmem: 0, hwm: 0 };
    }
  };
  const look = () => {
    const now = sample();
    if (now.rss > peak.rss) peak = now;
    return now;
  };
  const timer = setInterval(look, 200);
  peakMB = () => {
    look();
    return Math.round(peak.rss / 1048576);
  };
  return {
    stop: () => {
      clearInterval(timer);
      const last = look();
      return { peakRss: peak.rss, hwm: last.hwm, peak };
    },
  };
}
