// The benchmark's cold computations, timed one request at a time before a load measures reading
// kept pages: each centre's worklist on each server, and the dashboard's figures until current.
import { benchToken } from './generate';

const bearer = (username: string) => ({ authorization: `Bearer ${benchToken(username)}` });
type Log = (line: string) => void;

export interface ColdWorklist {
  centres: number;
  totalMs: number;
  medianMs: number;
  maxMs: number;
}
export interface ColdDashboard {
  cityMs: number;
  centreMedianMs: number;
  centreMaxMs: number;
  staleRefreshMs?: number;
}

/**
 * Each centre's worklist computed, one request at a time and timed: what the first reader after a
 * change to the centre waits for. As for the dashboard's cold computations: the load then measures
 * reading kept pages. (Left to the 3 s warm-up, the 250 computations, ~10 ms each, ran into the
 * measured 10 s: the 50 connections all begin with the same centre.) With several servers, on each
 * in turn (each keeps its own pages); the first's are reported.
 */
export async function coldWorklists(bases: string[], centres: unknown[], log: Log): Promise<ColdWorklist> {
  let first: ColdWorklist | undefined;
  for (const [n, instance] of bases.entries()) {
    const coldMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < centres.length; i++) {
      const t = performance.now();
      const res = await fetch(`${instance}/api/v1/follow-ups/worklist?within=14`, { headers: bearer(`clinic${1 + i}`) });
      if (!res.ok) throw new Error(`worklist of clinic${1 + i}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      coldMs.push(performance.now() - t);
    }
    coldMs.sort((a, b) => a - b);
    const cold = { centres: coldMs.length, totalMs: Math.round(performance.now() - started), medianMs: Math.round(coldMs[Math.floor(coldMs.length / 2)]! * 10) / 10, maxMs: Math.round(coldMs.at(-1)!) };
    first ??= cold;
    log(`  cold computation${bases.length > 1 ? ` (server ${n + 1})` : ''}: ${cold.centres} centres' worklists in ${cold.totalMs} ms, median ${cold.medianMs} ms, max ${cold.maxMs} ms`);
  }
  return first!;
}

/**
 * The dashboard's figures computed on the first server, timed one by one (each centre's, then the
 * whole city's): what a reader waits for when no snapshot exists yet. Then every server is asked
 * until its whole-city figures are current (`staleRefreshMs`: how long that took).
 */
export async function coldDashboardFigures(base: string, bases: string[], dashboardCentres: { id: string }[], from: string, today: string, log: Log): Promise<ColdDashboard> {
  const cold = async (url: string) => {
    const t = performance.now();
    const res = await fetch(`${base}${url}`, { headers: bearer('manager'), signal: AbortSignal.timeout(900_000) });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    return Math.round(performance.now() - t);
  };
  const centreCold: number[] = [];
  for (const c of dashboardCentres) centreCold.push(await cold(`/api/v1/indicators?from=${from}&to=${today}&centerId=${c.id}`));
  const cityCold = await cold(`/api/v1/indicators?from=${from}&to=${today}`);
  const coldDashboard: ColdDashboard = { cityMs: cityCold, centreMedianMs: centreCold.sort((a, b) => a - b)[Math.floor(centreCold.length / 2)]!, centreMaxMs: centreCold.at(-1)! };
  log(`  cold computation: whole city ${cityCold} ms; one centre median ${coldDashboard.centreMedianMs} ms, max ${coldDashboard.centreMaxMs} ms`);
  // A snapshot younger than 15 minutes is served stale while it is recomputed in the background
  // (~60 s of one core at city scale, e.g. after the jobs step rewrote the index days). The loads
  // measure serving current figures, as after the scheduler's refresh: wait for it first.
  // (Several servers: the cold computations ran on the first; each is asked until it serves current figures.)
  const waitStarted = performance.now();
  for (const instance of bases) {
    for (;;) {
      const res = await fetch(`${instance}/api/v1/indicators?from=${from}&to=${today}`, { headers: bearer('manager') });
      if (((await res.json()) as { fresh?: boolean }).fresh !== false) break;
      if (performance.now() - waitStarted > 900_000) throw new Error('the whole-city figures did not become current in 15 minutes');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  const waitedMs = Math.round(performance.now() - waitStarted);
  if (waitedMs > 100) log(`  waited ${waitedMs} ms for the background recomputation of the whole-city figures`);
  coldDashboard.staleRefreshMs = waitedMs;
  return coldDashboard;
}
