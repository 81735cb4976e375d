import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Json } from '../../canvas/json.js';
import type { Plan } from '../../canvas/plan.js';
import type { Outcome } from '../../engine/ports/outcome.js';
import type { ResultStore } from '../../engine/ports/result-store.js';

export interface ResultStoreFixture {
  readonly store: ResultStore;
  /** Closes the store and removes whatever it wrote. */
  cleanup(): Promise<void>;
}

/** A one-task plan, written out by hand so this suite depends on the Plan type only. */
function planOf(workflowId: string, createdAt = 1_700_000_000_000): Plan {
  return {
    workflowId,
    root: 'r',
    createdAt,
    nodes: {
      r: {
        kind: 'task',
        id: 'r',
        parent: null,
        index: 0,
        role: 'root',
        trigger: null,
        links: [],
        errbacks: [],
        countdown: null,
        eta: null,
        task: 'add',
        args: [1, 2],
        immutable: false,
        options: { retries: 0, backoff: null, expiresAt: null, timeout: null, priority: null, queue: 'default', rateLimit: null },
      },
    },
  };
}

const ok = (value: Json): Outcome => ({ status: 'SUCCESS', value });
const failed: Outcome = {
  status: 'FAILURE',
  failure: { type: 'TaskError', message: 'boom', errorName: 'TypeError', taskName: 'add', nodeId: 'r', remoteStack: 'at add', cause: { type: 'Error', message: 'inner' } },
};
const join = (index: number, size = 3) => ({ joinId: 'r', index, size });

export interface ResultStoreTraits {
  /** The store ends the workflow with the root's commit when given `finish` (the port lets a store leave that to `finishWorkflow`). */
  readonly endsWithRootCommit: boolean;
}

/** The promises every ResultStore makes (engine/ports/result-store.ts), run against one adapter. */
export function resultStoreContract(name: string, make: () => Promise<ResultStoreFixture>, traits: ResultStoreTraits): void {
  describe(`ResultStore contract (${name})`, () => {
    let fixture: ResultStoreFixture;
    let store: ResultStore;
    let wf: string;

    beforeEach(async () => {
      fixture = await make();
      store = fixture.store;
      wf = `wf-${randomUUID()}`;
      await store.createWorkflow(planOf(wf));
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('createWorkflow', () => {
      describe('when a workflow is created', () => {
        it('returns its plan unchanged and reads as PENDING', async () => {
          expect(await store.loadPlan(wf)).toEqual(planOf(wf));
          expect(await store.readWorkflow(wf)).toEqual({ state: 'PENDING' });
        });
      });

      describe('when its plan is large and its arguments are not ASCII', () => {
        it('returns it unchanged', async () => {
          // Above the size at which the Redis store sends a plan as bytes rather than text.
          const large = planOf(`wf-${randomUUID()}`);
          const text = 'é€😀 '.repeat(100_000);
          const nodes = { r: { ...large.nodes['r']!, args: [text, { nested: text.slice(0, 1000) }] } } as Plan['nodes'];
          await store.createWorkflow({ ...large, nodes });
          expect(await store.loadPlan(large.workflowId)).toEqual({ ...large, nodes });
        });
      });

      describe('when it is created again with another plan', () => {
        it('keeps the first plan and the state reached since', async () => {
          await store.beginAttempt(wf, 'r', 1);
          await store.createWorkflow(planOf(wf, 42));
          expect(await store.loadPlan(wf)).toEqual(planOf(wf));
          expect((await store.readWorkflow(wf))?.state).toBe('STARTED');
        });
      });

      describe('when the workflow is unknown', () => {
        it('has no plan, no record, and its nodes read as PENDING', async () => {
          const unknown = `wf-${randomUUID()}`;
          expect(await store.loadPlan(unknown)).toBeUndefined();
          expect(await store.readWorkflow(unknown)).toBeUndefined();
          expect(await store.readNode(unknown, 'r')).toEqual({ state: 'PENDING', attempt: 0 });
        });
      });
    });

    describe('commitOutcome', () => {
      describe('when a node commits for the first time', () => {
        it('stores the outcome and reports it fresh', async () => {
          expect(await store.commitOutcome(wf, 'r', ok(3))).toEqual({ outcome: ok(3), fresh: true });
          expect(await store.readNode(wf, 'r')).toMatchObject({ state: 'SUCCESS', outcome: ok(3) });
        });
      });

      describe('when a node commits a second time with another value', () => {
        it('keeps the first value and reports it not fresh', async () => {
          await store.commitOutcome(wf, 'r', ok('first'));
          expect(await store.commitOutcome(wf, 'r', ok('second'))).toEqual({ outcome: ok('first'), fresh: false });
          expect(await store.commitOutcome(wf, 'r', failed)).toEqual({ outcome: ok('first'), fresh: false });
          expect((await store.readNode(wf, 'r')).outcome).toEqual(ok('first'));
        });
      });

      describe('when the outcome is a failure or is marked cascaded', () => {
        it('stores it exactly as given', async () => {
          const cascaded: Outcome = { status: 'REVOKED', reason: 'parent failed', cascaded: true };
          expect((await store.commitOutcome(wf, 'a', failed)).outcome).toEqual(failed);
          expect((await store.commitOutcome(wf, 'b', cascaded)).outcome).toEqual(cascaded);
          expect(await store.readNode(wf, 'a')).toMatchObject({ state: 'FAILURE', outcome: failed });
          expect(await store.readNode(wf, 'b')).toMatchObject({ state: 'REVOKED', outcome: cascaded });
        });
      });

      describe('when a value holds awkward JSON', () => {
        it('returns it unchanged, as a result and as a join part', async () => {
          const value = { sum: 0.1 + 0.2, big: 2 ** 53 - 1, tiny: 5e-324, empty: [], nothing: {}, nil: null, text: 'ü "q" \\ \n 🎉', nested: [[[]], [{}]] };
          expect((await store.commitOutcome(wf, 'r', ok(value), join(0, 1))).parts).toEqual([value]);
          expect((await store.readNode(wf, 'r')).outcome).toEqual(ok(value));
        });
      });
    });

    describe('commitOutcome of the root, given the workflow outcome to finish with', () => {
      /** What the workflow reads as after the commit: ended with `outcome` if the store ends workflows in a commit, else not ended. */
      const expectEnded = async (result: { ended?: Outcome }, outcome: Outcome) => {
        if (traits.endsWithRootCommit) {
          expect(result.ended).toEqual(outcome);
          expect(await store.readWorkflow(wf)).toEqual({ state: outcome.status, outcome });
          expect(await store.waitForOutcome(wf, 1000)).toEqual(outcome);
        } else {
          expect(result.ended).toBeUndefined();
          expect((await store.readWorkflow(wf))?.outcome).toBeUndefined();
        }
      };

      describe('when the root commits for the first time', () => {
        it('commits the node and, in the same write, the workflow', async () => {
          const result = await store.commitOutcome(wf, 'r', ok(3), undefined, ok(3));
          expect(result).toMatchObject({ outcome: ok(3), fresh: true });
          await expectEnded(result, ok(3));
        });
      });

      describe('when the root is delivered again with another value', () => {
        it('keeps the first outcome for the node and the workflow', async () => {
          await store.commitOutcome(wf, 'r', ok('first'), undefined, ok('first'));
          const again = await store.commitOutcome(wf, 'r', ok('second'), undefined, ok('second'));
          expect(again).toMatchObject({ outcome: ok('first'), fresh: false });
          await expectEnded(again, ok('first'));
        });
      });

      describe('when the root was committed before without ending the workflow (a crash in between)', () => {
        it('ends the workflow with the stored outcome', async () => {
          await store.commitOutcome(wf, 'r', failed);
          const again = await store.commitOutcome(wf, 'r', ok(1), undefined, ok(1));
          expect(again).toMatchObject({ outcome: failed, fresh: false });
          await expectEnded(again, failed);
        });
      });

      describe('when the root was settled by a cascade', () => {
        it('leaves the workflow to whoever cascaded it', async () => {
          await store.settleMany(wf, ['r'], { status: 'REVOKED', reason: 'cancelled', cascaded: true });
          const again = await store.commitOutcome(wf, 'r', ok(1), undefined, ok(1));
          expect(again.ended).toBeUndefined();
          expect((await store.readWorkflow(wf))?.outcome).toBeUndefined();
        });
      });

      describe('when the workflow had ended already', () => {
        it('keeps the workflow outcome written first', async () => {
          await store.finishWorkflow(wf, failed);
          const result = await store.commitOutcome(wf, 'r', ok(2), undefined, ok(2));
          expect(result).toMatchObject({ outcome: ok(2), fresh: true });
          if (traits.endsWithRootCommit) expect(result.ended).toEqual(failed);
          expect(await store.readWorkflow(wf)).toEqual({ state: 'FAILURE', outcome: failed });
        });
      });
    });

    describe('commitOutcome of join members', () => {
      describe('when the members finish out of order', () => {
        it('returns the parts in index order, once all are in', async () => {
          expect((await store.commitOutcome(wf, 'r.2', ok('c'), join(2))).parts).toBeUndefined();
          expect((await store.commitOutcome(wf, 'r.0', ok('a'), join(0))).parts).toBeUndefined();
          expect((await store.commitOutcome(wf, 'r.1', ok('b'), join(1))).parts).toEqual(['a', 'b', 'c']);
        });
      });

      describe('when a join part arrives twice', () => {
        it('keeps the first value', async () => {
          await store.commitOutcome(wf, 'r.0', ok('a'), join(0));
          await store.commitOutcome(wf, 'r.0-again', ok('z'), join(0));
          await store.commitOutcome(wf, 'r.1', ok('b'), join(1));
          expect((await store.commitOutcome(wf, 'r.2', ok('c'), join(2))).parts).toEqual(['a', 'b', 'c']);
        });

        it('does not complete the join before every distinct index is in', async () => {
          expect((await store.commitOutcome(wf, 'r.0', ok('a'), join(0))).parts).toBeUndefined();
          expect((await store.commitOutcome(wf, 'r.0', ok('a'), join(0))).parts).toBeUndefined();
          expect((await store.commitOutcome(wf, 'r.1', ok('b'), join(1))).parts).toBeUndefined();
          expect((await store.commitOutcome(wf, 'r.2', ok('c'), join(2))).parts).toEqual(['a', 'b', 'c']);
        });
      });

      describe('when a member is delivered again after the join completed', () => {
        it('returns the same parts to that caller, not fresh', async () => {
          await store.commitOutcome(wf, 'r.0', ok('a'), join(0, 2));
          await store.commitOutcome(wf, 'r.1', ok('b'), join(1, 2));
          expect(await store.commitOutcome(wf, 'r.1', ok('other'), join(1, 2))).toEqual({ outcome: ok('b'), fresh: false, parts: ['a', 'b'] });
        });
      });

      describe('when a member fails', () => {
        it('records no part, so the join does not complete', async () => {
          expect(await store.commitOutcome(wf, 'r.0', failed, join(0, 2))).toEqual({ outcome: failed, fresh: true });
          expect((await store.commitOutcome(wf, 'r.1', ok('b'), join(1, 2))).parts).toBeUndefined();
          expect((await store.commitOutcome(wf, 'r.0', ok('late'), join(0, 2))).parts).toBeUndefined();
        });
      });

      describe('when the join has a single member', () => {
        it('completes with that member', async () => {
          expect((await store.commitOutcome(wf, 'r.0', ok(7), join(0, 1))).parts).toEqual([7]);
        });
      });

      describe('when two joins of one workflow collect at once', () => {
        it('keeps their parts apart', async () => {
          await store.commitOutcome(wf, 'x.0', ok('x0'), { joinId: 'x', index: 0, size: 2 });
          await store.commitOutcome(wf, 'y.0', ok('y0'), { joinId: 'y', index: 0, size: 2 });
          expect((await store.commitOutcome(wf, 'x.1', ok('x1'), { joinId: 'x', index: 1, size: 2 })).parts).toEqual(['x0', 'x1']);
        });
      });
    });

    describe('beginAttempt', () => {
      describe('when the node has no outcome', () => {
        it('returns run and marks the node and the workflow STARTED', async () => {
          expect(await store.beginAttempt(wf, 'r', 1)).toEqual({ kind: 'run' });
          expect(await store.readNode(wf, 'r')).toEqual({ state: 'STARTED', attempt: 1 });
          expect(await store.readWorkflow(wf)).toEqual({ state: 'STARTED' });
        });
      });

      describe('when an older attempt begins after a newer one', () => {
        it('keeps the highest attempt', async () => {
          await store.beginAttempt(wf, 'r', 3);
          await store.beginAttempt(wf, 'r', 2);
          expect((await store.readNode(wf, 'r')).attempt).toBe(3);
        });
      });

      describe('when the node already has an outcome', () => {
        it('returns settled with that outcome and changes nothing', async () => {
          await store.beginAttempt(wf, 'r', 1);
          await store.commitOutcome(wf, 'r', ok(1));
          expect(await store.beginAttempt(wf, 'r', 2)).toEqual({ kind: 'settled', outcome: ok(1) });
          expect(await store.readNode(wf, 'r')).toEqual({ state: 'SUCCESS', attempt: 1, outcome: ok(1) });
        });
      });

      describe('when the workflow was revoked', () => {
        it('returns revoked and settles the node REVOKED, marked cascaded', async () => {
          await store.revokeWorkflow(wf);
          expect(await store.beginAttempt(wf, 'r', 1)).toEqual({ kind: 'revoked' });
          expect(await store.readNode(wf, 'r')).toMatchObject({ state: 'REVOKED', outcome: { status: 'REVOKED', cascaded: true } });
        });
      });

      describe('when the workflow has already ended', () => {
        it('leaves the workflow in its final state', async () => {
          await store.finishWorkflow(wf, ok('done'));
          await store.beginAttempt(wf, 'late', 1);
          expect(await store.readWorkflow(wf)).toEqual({ state: 'SUCCESS', outcome: ok('done') });
        });
      });

      describe('when the message belongs to a run older than the workflow\'s (it was retried since)', () => {
        it('returns stale with the workflow\'s run, writes nothing, and begins the new run\'s message', async () => {
          await store.revokeWorkflow(wf);
          expect(await store.reopenWorkflow(wf, 2, ['r'], [])).toBe(true);
          expect(await store.beginAttempt(wf, 'r', 1)).toEqual({ kind: 'stale', run: 2 });
          expect(await store.beginAttempt(wf, 'r', 1, 1)).toEqual({ kind: 'stale', run: 2 });
          expect(await store.readNode(wf, 'r')).toEqual({ state: 'PENDING', attempt: 0 });
          expect(await store.beginAttempt(wf, 'r', 1, 2)).toEqual({ kind: 'run' });
          expect(await store.readNode(wf, 'r')).toEqual({ state: 'STARTED', attempt: 1 });
        });
      });
    });

    describe('markRetrying', () => {
      describe('when a started node will be retried', () => {
        it('marks the node and the workflow RETRY', async () => {
          await store.beginAttempt(wf, 'r', 1);
          await store.markRetrying(wf, 'r', 2);
          expect((await store.readNode(wf, 'r')).state).toBe('RETRY');
          expect((await store.readWorkflow(wf))?.state).toBe('RETRY');
        });
      });

      describe('when the node already has an outcome', () => {
        it('leaves the node as it is', async () => {
          await store.commitOutcome(wf, 'r', ok(1));
          await store.markRetrying(wf, 'r', 2);
          expect(await store.readNode(wf, 'r')).toMatchObject({ state: 'SUCCESS', outcome: ok(1) });
        });
      });

      describe('when the workflow has already ended', () => {
        it('leaves the workflow in its final state', async () => {
          await store.finishWorkflow(wf, failed);
          await store.markRetrying(wf, 'other', 2);
          expect((await store.readWorkflow(wf))?.state).toBe('FAILURE');
        });
      });
    });

    describe('settleMany', () => {
      describe('when some listed nodes already have an outcome', () => {
        it('settles only the others', async () => {
          const cascaded: Outcome = { status: 'REVOKED', reason: 'chain failed', cascaded: true };
          await store.commitOutcome(wf, 'a', ok('kept'));
          await store.settleMany(wf, ['a', 'b', 'c'], cascaded);
          expect(await store.readNode(wf, 'a')).toMatchObject({ state: 'SUCCESS', outcome: ok('kept') });
          expect(await store.readNode(wf, 'b')).toMatchObject({ state: 'REVOKED', outcome: cascaded });
          expect(await store.readNode(wf, 'c')).toMatchObject({ state: 'REVOKED', outcome: cascaded });
          expect(await store.commitOutcome(wf, 'b', ok('late'))).toEqual({ outcome: cascaded, fresh: false });
        });
      });

      describe('when the list is empty', () => {
        it('does nothing', async () => {
          await expect(store.settleMany(wf, [], failed)).resolves.toBeUndefined();
        });
      });
    });

    describe('finishWorkflow', () => {
      describe('when the workflow finishes twice', () => {
        it('keeps the first outcome and returns it both times', async () => {
          expect(await store.finishWorkflow(wf, ok('first'))).toEqual(ok('first'));
          expect(await store.finishWorkflow(wf, failed)).toEqual(ok('first'));
          expect(await store.readWorkflow(wf)).toEqual({ state: 'SUCCESS', outcome: ok('first') });
        });
      });

      describe('when callers are waiting for the outcome', () => {
        it('wakes them all with it, without waiting for a re-check', async () => {
          const waits = [store.waitForOutcome(wf, 5000), store.waitForOutcome(wf, 5000)];
          await new Promise((resolve) => setTimeout(resolve, 50));
          const started = Date.now();
          await store.finishWorkflow(wf, ok(5));
          expect(await Promise.all(waits)).toEqual([ok(5), ok(5)]);
          expect(Date.now() - started).toBeLessThan(500);
        });
      });
    });

    describe('waitForOutcome', () => {
      describe('when the workflow has already ended', () => {
        it('resolves with its outcome at once', async () => {
          await store.finishWorkflow(wf, failed);
          expect(await store.waitForOutcome(wf, 1000)).toEqual(failed);
        });
      });

      describe('when nothing ends it in time', () => {
        it('resolves undefined after the timeout', async () => {
          const started = Date.now();
          expect(await store.waitForOutcome(wf, 150)).toBeUndefined();
          expect(Date.now() - started).toBeGreaterThanOrEqual(140);
        });
      });
    });

    describe('revokeWorkflow', () => {
      describe('when the workflow is unknown', () => {
        it('returns undefined', async () => {
          expect(await store.revokeWorkflow(`wf-${randomUUID()}`)).toBeUndefined();
        });
      });

      describe('when the workflow is running', () => {
        it('ends it REVOKED and wakes waiters, and says this call ended it', async () => {
          const waiting = store.waitForOutcome(wf, 5000);
          const revoked = await store.revokeWorkflow(wf);
          expect(revoked).toMatchObject({ outcome: { status: 'REVOKED' }, fresh: true });
          expect(await waiting).toEqual(revoked!.outcome);
          expect(await store.readWorkflow(wf)).toEqual({ state: 'REVOKED', outcome: revoked!.outcome });
        });
      });

      describe('when the workflow was revoked already', () => {
        it('returns the same outcome, not fresh', async () => {
          const first = await store.revokeWorkflow(wf);
          expect(await store.revokeWorkflow(wf)).toEqual({ outcome: first!.outcome, fresh: false });
        });
      });

      describe('when the workflow has already ended', () => {
        it('returns the outcome it ended with and keeps it', async () => {
          await store.finishWorkflow(wf, ok(1));
          expect(await store.revokeWorkflow(wf)).toEqual({ outcome: ok(1), fresh: false });
          expect(await store.readWorkflow(wf)).toEqual({ state: 'SUCCESS', outcome: ok(1) });
        });
      });
    });

    describe('readOnce and recordOnce', () => {
      describe('when nothing is stored under a key', () => {
        it('reads undefined, and the first record stores its value and returns it', async () => {
          expect(await store.readOnce(wf, `${wf}:r:charge`)).toBeUndefined();
          expect(await store.recordOnce(wf, `${wf}:r:charge`, { chargeId: 'ch-1', cents: 1250 })).toEqual({ chargeId: 'ch-1', cents: 1250 });
          expect(await store.readOnce(wf, `${wf}:r:charge`)).toEqual({ value: { chargeId: 'ch-1', cents: 1250 } });
        });
      });

      describe('when a key is recorded again with another value', () => {
        it('keeps the first value and returns it to the later caller', async () => {
          await store.recordOnce(wf, `${wf}:r:charge`, 'first');
          expect(await store.recordOnce(wf, `${wf}:r:charge`, 'second')).toBe('first');
          expect(await store.readOnce(wf, `${wf}:r:charge`)).toEqual({ value: 'first' });
        });
      });

      describe('when several callers record the same key at once', () => {
        it('returns one value, the stored one, to every caller', async () => {
          const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => store.recordOnce(wf, `${wf}:r:race`, i)));
          expect(new Set(answers).size).toBe(1);
          expect(await store.readOnce(wf, `${wf}:r:race`)).toEqual({ value: answers[0] });
        });
      });

      describe('when values are null, awkward JSON, or under keys of other workflows', () => {
        it('keeps each apart and returns it unchanged', async () => {
          const other = `wf-${randomUUID()}`;
          await store.createWorkflow(planOf(other));
          const awkward = { text: 'a\u0000b \ud83d\ude00 "quoted"', nested: [[], {}, -0.5, 1e21] };
          await store.recordOnce(wf, 'k', null);
          await store.recordOnce(other, 'k', awkward);
          expect(await store.readOnce(wf, 'k')).toEqual({ value: null });
          expect(await store.readOnce(other, 'k')).toEqual({ value: awkward });
          expect(await store.readOnce(wf, 'k2')).toBeUndefined();
        });
      });
    });
  });
}
