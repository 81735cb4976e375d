import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import type { Outcome } from '../../engine/ports/outcome.js';
import { faults, type ExpectedOutcome } from '../../testing/index.js';
import { buildCanvas, shapeArbitrary, type Shape } from './arbitraries/workflow.js';
import { expectedOf } from './harness/oracle.js';
import { simulateRetry } from './harness/retry-simulation.js';

const runs = Number(process.env.CELERIAC_RETRY_RUNS ?? 600);
const seed = Number(process.env.CELERIAC_PROPERTY_SEED ?? 20261126);
const concurrency = fc.integer({ min: 1, max: 4 });

/** The same shape where every `fail` task succeeds, as `ok` does: the run the retry must end like. */
function healed(shape: Shape): Shape {
  switch (shape.k) {
    case 'task':
      return shape.b === 'fail' ? { ...shape, b: 'ok' } : shape;
    case 'chain':
      return { ...shape, steps: shape.steps.map(healed) };
    case 'group':
      return { ...shape, members: shape.members.map(healed) };
    case 'chord':
      return { ...shape, header: shape.header.map(healed), body: healed(shape.body) };
  }
}

/** What is wrong with `outcome` against what the oracle expects, in words (empty when nothing is). */
function outcomeProblems(outcome: Outcome | undefined, expected: ExpectedOutcome): string[] {
  if (!outcome) return ['the retried workflow never reached a final state'];
  if (outcome.status !== expected.status) return [`the retried workflow ended ${outcome.status}, want ${expected.status}`];
  if (outcome.status === 'SUCCESS' && expected.status === 'SUCCESS' && !isDeepStrictEqual(outcome.value, expected.value)) {
    return [`the retried workflow returned ${JSON.stringify(outcome.value)}, want ${JSON.stringify(expected.value)}`];
  }
  if (outcome.status === 'FAILURE' && expected.status === 'FAILURE' && expected.accepts && !expected.accepts(outcome.failure)) {
    return [`the retried workflow failed with ${outcome.failure.type} (${outcome.failure.message}), want ${expected.description ?? 'another failure'}`];
  }
  return [];
}

const hasFail = (shape: Shape): boolean =>
  shape.k === 'task' ? shape.b === 'fail' : shape.k === 'chain' ? shape.steps.some(hasFail) : shape.k === 'group' ? shape.members.some(hasFail) : shape.header.some(hasFail) || hasFail(shape.body);

describe('retrying failed workflows on the memory driver under crashes, duplicate deliveries and random interleavings', () => {
  // Invariant: after any failure, a retry in which the failing task now succeeds ends as the oracle says a run ends where it succeeded the first time, and no node that had succeeded runs again.
  it('ends as the oracle for the healed canvas and never runs a succeeded node again', async () => {
    let retried = 0;
    await fc.assert(
      fc.asyncProperty(shapeArbitrary().filter(hasFail), faults(), fc.scheduler(), concurrency, async (shape, schedule, scheduler, workers) => {
        const run = await simulateRetry(buildCanvas(shape), schedule, scheduler, workers);
        if (run.first?.status !== 'FAILURE') return;
        retried++;
        expect(outcomeProblems(run.retried, expectedOf(buildCanvas(healed(shape))))).toEqual([]);
        const ranAgain = [...run.rerun.keys()].filter((id) => run.firstNodes.get(id)?.status === 'SUCCESS');
        expect(ranAgain).toEqual([]);
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
    console.log(`[retry property] ${retried} of ${runs} generated workflows failed and were retried`);
    expect(retried).toBeGreaterThan(runs / 4);
  });
});
