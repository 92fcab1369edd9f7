// V8 options the server runs with (package.json's start and demo scripts and the benchmark pass
// them to node; a test keeps the three the same).
import { setFlagsFromString } from 'node:v8';

// A young generation of 8 MB semi-spaces instead of V8's default 16 MB: over full city-scale
// benchmark runs the server's peak RSS was 268–314 MB before and 211–295 MB after (target < 300),
// at the same throughput (test/bench/RESULTS.md).
// The old generation grows to at most 2× what its last full collection kept, instead of V8's own
// factor (up to 4× when collections are quick): under the child page's load, with its reads
// answered by the read worker, requests wait across turns of the event loop, their objects are
// promoted, and the server thread's old generation reached 73 MB (108 with 16 MB semi-spaces)
// before a full collection took it back to ~25. At 1.5× it stayed at ~40 MB, but the server's and
// the read worker's threads then ran ~40 full collections in a child-page load (4–9 ms pauses)
// against ~25 at 2× and ~13 at V8's own: child page p99 ~2 ms better at 2× than at 1.5× in four
// alternating loads of each, 8–14 MB more in that load, the same peak over a full run (the
// dashboards' phase sets it: 252 and 254 MB), where V8's own reached 289 (test/bench/RESULTS.md).
// Two threads for V8's background work (concurrent marking, parallel scavenges, compilation)
// instead of Node's four: the machine has two cores, which the server's thread and the read worker
// already keep busy. Alternating child-page loads: p99 20–28 ms with one, 22–24 with two, 25–30
// with four (test/bench/RESULTS.md, forenoon).
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=100', '--v8-pool-size=2'] as const;

/**
 * V8 options are the process's, so every worker thread also got 8 MB semi-spaces, and a worker's
 * own `resourceLimits.maxYoungGenerationSizeMb` was ignored under the option. V8 reads it only when
 * a thread's heap is set up, so once the server's thread has its heap the option is cleared, and
 * each worker's young generation is the size its `resourceLimits` give (issue 8: the server's
 * memory with its workers). Every worker the server starts must then give one, or it gets V8's
 * default (16 MB semi-spaces). Node keeps V8's options writable after start-up
 * (`--no-freeze-flags-after-init`, for v8.setFlagsFromString), from Node 20 through 24.
 */
export function letWorkersSizeTheirYoungGeneration(): void {
  setFlagsFromString('--max-semi-space-size=0');
}
