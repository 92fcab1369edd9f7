// One load of the benchmark: autocannon against one server, or against several at once (--instances:
// each gets its share of the connections, all at the same time), the figures combined.
import autocannon from 'autocannon';
import { serverPeakMB } from './process';

export interface RouteResult {
  name: string;
  /** The app server's peak RSS up to the end of this load. */
  serverPeakRssMB?: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  ratio?: number;
  note?: string;
  /** The bare route: its two measurements (rps is their mean). */
  runs?: number[];
  /** With non-2xx answers: the 2xx answers a second, and the count of each other status. */
  okRps?: number;
  statuses?: Record<string, number>;
  /** CPU ms a request cost the app servers and PostgreSQL (the measured run's CPU time over its requests). */
  cpuMsPerRequest?: { server: number; postgres?: number };
  /** Several servers: each one's own figures (the combined rps is their sum). */
  instances?: { rps: number; p50: number; p99: number; max: number }[];
}

export interface LoadSettings {
  connections: number;
  warmup: number;
  duration: number;
  log: (line: string) => void;
  /** CPU ms so far of the app servers and (when it is the bench's own cluster) of PostgreSQL. */
  cpu?: () => { server: number; postgres?: number };
}

/**
 * Requests that need nothing computed per request are given as a fixed list that autocannon renders
 * once (each connection cycles through it): a setupRequest callback costs the load generator, on
 * the other core, ~15 % of a cached route's rate. With several bases, every one is loaded at once
 * with connections / bases.length connections, and a setupRequest shared by them draws from one
 * sequence (no two servers write the same child). Combined: requests a second summed; p50, p99 and
 * max the largest of the servers' (autocannon gives percentiles, not histograms to merge), so a
 * combined p99 is an upper bound of the true one.
 */
export function loader(settings: LoadSettings) {
  const { connections, warmup, duration, log } = settings;
  return async (name: string, bases: string | string[], requests: autocannon.Request[], note?: string): Promise<RouteResult> => {
    const urls = typeof bases === 'string' ? [bases] : bases;
    const share = Math.max(1, Math.round(connections / urls.length));
    const run = (seconds: number) => Promise.all(urls.map((url) => autocannon({ url, connections: share, requests, duration: seconds })));
    if (warmup > 0) await run(warmup);
    const cpuBefore = settings.cpu?.();
    const all = await run(duration);
    const cpuAfter = settings.cpu?.();
    const each = all.map((r) => ({ rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max }));
    const res: RouteResult = {
      name,
      rps: each.reduce((s, r) => s + r.rps, 0),
      p50: Math.max(...each.map((r) => r.p50)),
      p99: Math.max(...each.map((r) => r.p99)),
      max: Math.max(...each.map((r) => r.max)),
      errors: all.reduce((s, r) => s + r.errors + r.timeouts, 0),
      non2xx: all.reduce((s, r) => s + r.non2xx, 0),
      note,
    };
    if (urls.length > 1) res.instances = each;
    const requestsDone = all.reduce((s, r) => s + r.requests.total, 0);
    if (cpuBefore && cpuAfter && requestsDone > 0 && !name.startsWith('bare')) {
      const per = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : Math.round(((b - a) / requestsDone) * 1000) / 1000);
      res.cpuMsPerRequest = { server: per(cpuBefore.server, cpuAfter.server)!, postgres: per(cpuBefore.postgres, cpuAfter.postgres) };
    }
    if (res.non2xx > 0) {
      res.statuses = {};
      for (const r of all) {
        for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) if (!code.startsWith('2')) res.statuses[code] = (res.statuses[code] ?? 0) + count;
      }
      res.okRps = Math.round((requestsDone - res.non2xx - res.errors) / duration);
    }
    const peak = serverPeakMB();
    if (peak !== undefined && !name.startsWith('bare')) res.serverPeakRssMB = peak;
    const split = urls.length > 1 ? `  [${each.map((r) => `${r.rps} req/s p99 ${r.p99}`).join(' | ')}]` : '';
    const failed = res.statuses
      ? ` (${Object.entries(res.statuses)
          .map(([code, n]) => `${n}× ${code}`)
          .join(', ')}; ${res.okRps} answered 2xx a second)`
      : '';
    const cpu = res.cpuMsPerRequest ? `  CPU/request: server ${res.cpuMsPerRequest.server} ms${res.cpuMsPerRequest.postgres !== undefined ? `, PostgreSQL ${res.cpuMsPerRequest.postgres} ms` : ''}` : '';
    log(
      `  ${name.padEnd(34)} ${String(res.rps).padStart(6)} req/s  p50 ${res.p50} ms  p99 ${res.p99} ms  errors ${res.errors}  non-2xx ${res.non2xx}${failed}${res.serverPeakRssMB ? `  (server peak RSS so far ${res.serverPeakRssMB} MB)` : ''}${cpu}${split}`,
    );
    return res;
  };
}
