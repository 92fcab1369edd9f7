// V8 options the server runs with (package.json's start and demo scripts and the benchmark pass
// them to node; a test keeps the three the same).
// A young generation of 8 MB semi-spaces instead of V8's default 16 MB: over full city-scale
// benchmark runs the server's peak RSS was 268–314 MB before and 211–295 MB after (target < 300),
// at the same throughput (test/bench/RESULTS.md).
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8'] as const;
