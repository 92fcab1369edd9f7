// Routes asked at fixed rates with autocannon, all at once, until stopped: the "other requests" of
// the served morning send (notify-serve.ts). A load at a set rate, not at the server's limit: at its
// limit the load would take the CPU the passes need, and its latency would be its own queueing.
//
// Each route's rate is made of connections asking once a second. autocannon starts every connection's
// second together (and a connection's requests of one second go back to back), so one instance would
// send a burst each second; here each route runs as up to SLOTS instances started at even offsets
// across the second. autocannon's own correction for a rate (which assumes a request each millisecond)
// is off: every answer's latency is kept with the moment it was asked, and a window of the load
// (with the send, without it) is measured over the requests asked in it. One load runs through all
// the windows: new connections at the start of a window would wait for the server to accept them,
// which a busy event loop does slowly, and measure that instead.
import autocannon from 'autocannon';

const SLOTS = 20;

export interface PacedRoute {
  name: string;
  /** Requests a second. */
  rate: number;
  requests: autocannon.Request[];
}

export interface PacedResult {
  name: string;
  rate: number;
  /** 2xx answers a second to the requests asked in the window. */
  rps: number;
  answers: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  /** The slowest answers: when they were asked (seconds into the window) and how long they took. */
  slowest: { atS: number; ms: number }[];
}

/** The results of a window of the load, from..to in performance.now() time: per route, and every route's answers together. */
export interface Windows {
  routes(from: number, to: number): PacedResult[];
  all(from: number, to: number): { answers: number; p50: number; p99: number; max: number };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);
const round = (ms: number) => Math.round(ms * 10) / 10;

export function startPaced(base: string, routes: PacedRoute[]): { stop(): Promise<Windows> } {
  const timers: NodeJS.Timeout[] = [];
  const instances: ReturnType<typeof autocannon>[] = [];
  // Per route: each answer's moment asked and latency; non-2xx answers and errors by moment.
  const tallies = routes.map(() => ({ asked: [] as number[], ms: [] as number[], non2xx: [] as number[], errors: [] as number[] }));
  routes.forEach((route, r) => {
    const slots = Math.min(SLOTS, route.rate);
    const tally = tallies[r]!;
    for (let s = 0; s < slots; s++) {
      const connections = Math.floor(route.rate / slots) + (s < route.rate % slots ? 1 : 0);
      timers.push(
        setTimeout(
          () => {
            const instance = autocannon({ url: base, connections, connectionRate: 1, duration: 24 * 3600, requests: route.requests, ignoreCoordinatedOmission: true });
            instance.on('response', (_client, status, _bytes, ms) => {
              const asked = performance.now() - ms;
              if (status >= 200 && status < 300) {
                tally.asked.push(asked);
                tally.ms.push(ms);
              } else {
                tally.non2xx.push(asked);
              }
            });
            instance.on('reqError', () => {
              tally.errors.push(performance.now());
            });
            instances.push(instance);
          },
          (s * 1000) / slots,
        ),
      );
    }
  });
  const perRoute = (from: number, to: number) =>
    routes.map((route, r) => {
      const tally = tallies[r]!;
      const inside = (t: number) => t >= from && t < to;
      const picked = tally.ms.flatMap((ms, i) => (inside(tally.asked[i]!) ? [{ atS: round((tally.asked[i]! - from) / 1000), ms }] : []));
      const sorted = picked.map((a) => a.ms).sort((a, b) => a - b);
      return {
        name: route.name,
        rate: route.rate,
        rps: Math.round(sorted.length / ((to - from) / 1000)),
        answers: sorted.length,
        p50: round(percentile(sorted, 50)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? 0),
        errors: tally.errors.filter(inside).length,
        non2xx: tally.non2xx.filter(inside).length,
        slowest: picked
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 5)
          .map((a) => ({ atS: a.atS, ms: round(a.ms) })),
      };
    });
  const all = (from: number, to: number) => {
    const sorted = tallies.flatMap((t) => t.ms.filter((_, i) => t.asked[i]! >= from && t.asked[i]! < to)).sort((a, b) => a - b);
    return { answers: sorted.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) };
  };
  return {
    async stop() {
      for (const t of timers) clearTimeout(t);
      for (const i of instances) i.stop();
      await Promise.all(instances);
      return { routes: perRoute, all };
    },
  };
}
