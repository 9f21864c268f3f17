import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end suites share one Docker engine and one set of loopback services.
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 10 * 60_000,
    reporters: ['default', './test/support/summary-line-reporter.ts'],
    // Keep the log of passing tests short; a failing test still shows what it printed.
    silent: 'passed-only',
  },
});
