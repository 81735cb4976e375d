// @ts-check
/**
 * Mutation testing of canvas/ against the canvas's own tests (vitest.mutation.canvas.config.ts): the canvas is
 * pure, so a mutant there needs no machine test. `npm run mutation:canvas`; the per-file table is in
 * docs/testing.md. canvas/plan.ts is in both configs: stryker.config.mjs also runs the machine's tests on it.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.canvas.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // The machine has two cores shared with other jobs.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  // types.ts files declare types only and have no mutants.
  mutate: ['canvas/**/*.ts', '!canvas/**/types.ts'],
  // Later runs test again only the mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/mutation-canvas/incremental.json',
  ignorePatterns: ['dist', 'reports', '.stryker-tmp', '.stryker-tmp-canvas', 'dashboard/ui-dist', '.vitest-cache'],
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation-canvas/mutation.json' },
  timeoutMS: 10_000,
  dryRunTimeoutMinutes: 10,
  tempDirName: '.stryker-tmp-canvas',
  cleanTempDir: 'always',
};
