import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutation` runs against each mutant: the unit tests of the canvas and the machine and the
 * workflow properties, on the pinned seed only (so every mutant meets the same generated cases) and at a tenth
 * of their runs. Few files on purpose: every mutant re-imports each file it runs, and that is most of its cost.
 */
export default defineConfig({
  test: {
    setupFiles: ['specs/mutation/no-shrinking.ts'],
    env: {
      CELERIAC_LOG_LEVEL: 'silent',
      CELERIAC_PROPERTY_SEED: '20261126',
      CELERIAC_PROPERTY_RUNS: process.env.CELERIAC_PROPERTY_RUNS ?? '500',
      CELERIAC_RETRY_RUNS: process.env.CELERIAC_RETRY_RUNS ?? '150',
    },
    projects: [
      {
        // Each project takes the setup file and the environment above.
        extends: true,
        test: {
          name: 'unit',
          include: ['specs/unit/{canvas,plan,workflow-machine,resume,retry-options}.test.ts', 'specs/unit/testing/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'property',
          include: ['specs/property/{workflow-faults,retry-faults,task-failed-once}.test.ts'],
          testTimeout: 300_000,
        },
      },
    ],
  },
});
