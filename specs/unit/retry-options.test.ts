import { describe, expect, it } from 'vitest';
import { fromJSON, plan, signature, toJSON, WorkflowValidationError } from '../../index.js';
import { backoffDelay } from '../../engine/machine/backoff.js';
import { step } from '../../engine/machine/workflow-machine.js';

const failure = (errorName: string) => ({ type: 'TaskError', errorName, message: 'no', taskName: 'fetch', nodeId: 'r' });

describe('retry options', () => {
  describe('when retryOn names some errors', () => {
    const p = plan(signature('fetch').set({ retries: 3, retryOn: ['FetchError', 'TimeLimitExceeded'] }), { workflowId: 'w', now: 0 });
    it('retries an error it names', () => {
      const [effect] = step(p, { type: 'TASK_FAILED', nodeId: 'r', attempt: 1, failure: failure('FetchError'), random: 0 }).effects;
      expect(effect).toMatchObject({ type: 'retry', attempt: 2 });
    });
    it('fails at once on any other error, its retries unspent', () => {
      const [effect] = step(p, { type: 'TASK_FAILED', nodeId: 'r', attempt: 1, failure: failure('TypeError'), random: 0 }).effects;
      expect(effect).toMatchObject({ type: 'commit', outcome: { status: 'FAILURE' } });
    });
    it('still retries when the handler asked for it with ctx.retry()', () => {
      const [effect] = step(p, { type: 'TASK_FAILED', nodeId: 'r', attempt: 1, failure: failure('TypeError'), random: 0, requested: true }).effects;
      expect(effect).toMatchObject({ type: 'retry', attempt: 2 });
    });
    it('is inherited from an enclosing canvas like any option, and plans leave it out when unset', () => {
      expect(plan(signature('fetch'), { workflowId: 'w', now: 0 }).nodes.r).not.toHaveProperty('options.retryOn');
    });
  });

  describe('when backoff has a maxDelay', () => {
    it('caps the exponential wait, jitter drawing below the cap', () => {
      const backoff = { type: 'exponential', delay: 100, maxDelay: 1_000 } as const;
      expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(backoff, attempt, 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
      expect(backoffDelay({ ...backoff, jitter: 0.5 }, 10, 0)).toBe(500);
      expect(backoffDelay({ type: 'exponential', delay: 100 }, 10, 0)).toBe(51_200);
    });
  });

  describe('when the options come from .set() or a document', () => {
    it('round-trips retryOn and maxDelay through JSON', () => {
      const sig = signature('fetch').set({ retries: 2, retryOn: ['FetchError'], backoff: { type: 'exponential', delay: 10, maxDelay: 50 } });
      const doc = toJSON(sig);
      expect(doc).toEqual({ task: 'fetch', options: { retries: 2, backoff: { type: 'exponential', delay: 10, maxDelay: 50 }, retryOn: ['FetchError'] } });
      expect(toJSON(fromJSON(JSON.parse(JSON.stringify(doc))))).toEqual(doc);
    });
    it('refuses a retryOn that is not a list of names and a negative maxDelay, in both', () => {
      expect(() => signature('fetch').set({ retryOn: 'FetchError' as never })).toThrow(/retryOn/);
      expect(() => signature('fetch').set({ retryOn: [''] })).toThrow(WorkflowValidationError);
      expect(() => signature('fetch').set({ backoff: { type: 'fixed', delay: 1, maxDelay: -1 } })).toThrow(/maxDelay/);
      expect(() => fromJSON({ task: 'fetch', options: { retryOn: [1] } })).toThrow(/retryOn/);
      expect(() => fromJSON({ task: 'fetch', options: { backoff: { type: 'fixed', delay: 1, maxDelay: 'x' } } })).toThrow(/maxDelay/);
    });
  });
});
