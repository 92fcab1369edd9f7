// V8 options the server runs with (package.json's start and demo scripts pass them to tsx, the
// benchmark to node; a test keeps the three the same).
// A young generation of 8 MB semi-spaces instead of V8's default 16 MB: at city scale the server's
// peak RSS went from 268–314 MB to ~210 MB, at the same throughput or better (the JS heap that
// stays alive is 60–90 MB; the rest of the growth was the young generation, see test/bench/RESULTS.md).
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8'] as const;
