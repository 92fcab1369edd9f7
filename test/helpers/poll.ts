// Waiting in tests: poll the condition (vitest's expect.poll or vi.waitFor) with a ceiling only a
// hang reaches, never a fixed sleep or a limit on elapsed time. A loaded machine (CI, or two
// engineers running the suite on two cores) only makes a poll take longer; how fast something is
// belongs to the benchmark (`npm run bench`), not to a test.
export const UNTIL_HANG = { timeout: 15_000, interval: 5 } as const;
