import { defineConfig } from 'vitest/config';

// Browser tests: Debian's chromium driven by playwright-core against the real server on a demo database.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/server.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
