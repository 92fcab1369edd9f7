import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // test/pg: tests that need PostgreSQL itself (npm run test:pg).
    exclude: ['test/e2e/**', 'test/bench/**', 'test/pg/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
  },
});
