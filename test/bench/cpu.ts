// CPU time the app servers and the bench's PostgreSQL cluster spend, read from /proc (Linux): what
// a request costs each side, which the shared machine's timings hide (other sessions' tests take
// CPU too; the time a process ran does not depend on them nearly as much as latency does).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** utime, stime, cutime, cstime (ms) and the parent of process `pid`; null once it is gone. */
function stat(pid: number): { own: number; children: number; ppid: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After the name: state (0), ppid (1), ... utime (11), stime (12), cutime (13), cstime (14).
    return { own: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS, ppid: Number(f[1]) };
  } catch {
    return null;
  }
}

/** CPU ms so far of the processes `pids`. */
export const processesCpuMs = (pids: number[]): number => pids.reduce((sum, pid) => sum + (stat(pid)?.own ?? 0), 0);

/**
 * CPU ms so far of a PostgreSQL cluster: its postmaster (first line of postmaster.pid), the
 * backends it has now, and those that ended (the postmaster's children's times). Only this
 * cluster's processes: another one (a dev cluster) may run on the machine as the same user.
 */
export function clusterCpuMs(dataDir: string): number {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return 0;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const main = stat(postmaster);
  if (!main) return 0;
  let total = main.own + main.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s?.ppid === postmaster) total += s.own;
  }
  return total;
}
