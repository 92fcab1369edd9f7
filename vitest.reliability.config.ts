import { defineConfig } from 'vitest/config';

// The load, crash and slow-client suites start real server processes: slower, run on their own
// (`npm run test:reliability`, `-- --long` for 30 s of load instead of 10).
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    include: ['test/reliability/**/*.reliability.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
