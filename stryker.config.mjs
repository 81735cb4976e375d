// @ts-check
/**
 * Mutation testing of the code that decides how a workflow ends: the planner (ids, parents, inherited options,
 * expiry times, descendants) and the machine's decisions (what starts, settles, cascades, retries, expires and
 * is revoked). `npm run mutation`; the per-file table is in docs/testing.md. The rest of engine/machine (the
 * xstate wiring, retry-from-failure, job ids, backoff) doubles the run's length on this machine; add it with
 * `npm run mutation -- --mutate <glob>`. The other files of canvas/ need only the canvas's own tests: they are
 * measured by stryker.canvas.config.mjs (`npm run mutation:canvas`).
 * Not part of `npm test`: it runs the unit and property tests once per mutant (vitest.mutation.config.ts).
 * No TypeScript checker: mutants that do not type-check fail their tests or are plainly equivalent, and the
 * checker needs TypeScript's JS API, which the project's pinned 5.9 has but later majors do not.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // The machine has two cores shared with other jobs.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  mutate: ['canvas/plan.ts', 'engine/machine/{settle,start,task-finished,failure,join,revoke}.ts'],
  // Later runs test again only the mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  ignorePatterns: ['dist', 'reports', '.stryker-tmp', '.stryker-tmp-canvas', 'dashboard/ui-dist', '.vitest-cache'],
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // A mutant that makes a run hang costs its property the scheduler steps of every run: cut it short.
  timeoutMS: 20_000,
  // The first run, with per-test coverage, runs every test once on one runner.
  dryRunTimeoutMinutes: 30,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
