// @ts-check
import base from './stryker.config.mjs';

/**
 * Mutation testing of canvas/ against the canvas's own tests (vitest.mutation.canvas.config.ts): the canvas is
 * pure, so a mutant there needs no machine test. `npm run mutation:canvas`; the per-file table is in
 * docs/testing.md. canvas/plan.ts is in both configs: stryker.config.mjs also runs the machine's tests on it.
 * The rest (runner, coverage, concurrency, incremental runs, reporters) is stryker.config.mjs's.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  ...base,
  vitest: { configFile: 'vitest.mutation.canvas.config.ts', related: false },
  // types.ts files declare types only and have no mutants.
  mutate: ['canvas/**/*.ts', '!canvas/**/types.ts'],
  incrementalFile: 'reports/mutation-canvas/incremental.json',
  jsonReporter: { fileName: 'reports/mutation-canvas/mutation.json' },
  timeoutMS: 10_000,
  dryRunTimeoutMinutes: 10,
  tempDirName: '.stryker-tmp-canvas',
};
