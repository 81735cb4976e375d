import { defineConfig } from 'vitest/config';

// Five projects: unit and property tests need no services; contract tests run every port's suite against
// every adapter; integration tests use real Redis, PostgreSQL and worker processes; the package test packs a
// clean copy of the repository and installs the tarball into fresh projects.
export default defineConfig({
  test: {
    // The default logger logs every task failure at error: tests that look at logs pass a logger or a level.
    env: { CELERIAC_LOG_LEVEL: process.env.CELERIAC_LOG_LEVEL ?? 'silent' },
    projects: [
      { test: { name: 'unit', include: ['specs/unit/**/*.test.ts'] } },
      // The property project also runs examples/testing: the property tests users copy must keep passing. The
      // largest property takes about 100 s on a loaded 2-core machine, hence the long timeout.
      { test: { name: 'property', include: ['specs/property/**/*.test.ts', 'examples/testing/**/*.test.ts'], testTimeout: 300_000 } },
      { test: { name: 'contract', include: ['specs/contract/**/*.test.ts'], testTimeout: 20_000 } },
      { test: { name: 'integration', include: ['specs/integration/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000, fileParallelism: false } },
      { test: { name: 'package', include: ['specs/package/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 240_000 } },
    ],
  },
});
