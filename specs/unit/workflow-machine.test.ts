import { describe, expect, it, vi } from 'vitest';
import { chain, chord, group, plan, signature } from '../../index.js';
import { backoffDelay } from '../../engine/machine/backoff.js';
import { initialTransition, transition } from 'xstate';
import type { Outcome } from '../../engine/ports/outcome.js';
import { decide, initialSnapshot, restoreSnapshot, step, workflowMachine, type WorkflowEvent } from '../../engine/machine/workflow-machine.js';

const t = (name: string, ...args: number[]) => signature(name, args);
const now = 0;

describe('the workflow machine', () => {
  describe('when a workflow starts', () => {
    it('enqueues every entry task in one batch, with the input for partial signatures only', () => {
      const p = plan(group(t('a'), chain(t('b'), t('c')), signature('d', [], { immutable: true })), { workflowId: 'w', now });
      const { effects } = step(p, { type: 'START', input: { value: 7 }, now });
      expect(effects).toHaveLength(1);
      const [enqueue] = effects;
      expect(enqueue!.type).toBe('enqueue');
      const jobs = enqueue!.type === 'enqueue' ? enqueue!.jobs : [];
      expect(jobs.map((j) => [j.jobId, j.message.nodeId, j.message.input])).toEqual([
        ['w.r.0.1', 'r.0', 7],
        ['w.r.1.0.1', 'r.1.0', 7],
        ['w.r.2.1', 'r.2', undefined],
      ]);
    });
    it('applies countdown of an enclosing canvas to its entry tasks', () => {
      const p = plan(group(t('a'), t('b').set({ countdown: 900 })).set({ countdown: 300 }), { workflowId: 'w', now });
      const [enqueue] = step(p, { type: 'START', input: undefined, now }).effects;
      expect(enqueue!.type === 'enqueue' && enqueue!.jobs.map((j) => j.delay)).toEqual([300, 900]);
    });
    it('commits [] at once for an empty group, as the root, ending the workflow with it', () => {
      const p = plan(group(), { workflowId: 'w', now });
      expect(step(p, { type: 'START', input: undefined, now }).effects).toEqual([
        { type: 'commit', nodeId: 'r', outcome: { status: 'SUCCESS', value: [] }, finish: { status: 'SUCCESS', value: [] } },
      ]);
    });
  });

  describe('when the root settles', () => {
    const p = plan(t('a'), { workflowId: 'w', now });
    it('finishes the workflow, unless the root commit ended it already', () => {
      const settled = { type: 'NODE_SETTLED', nodeId: 'r', outcome: { status: 'SUCCESS', value: 1 }, now } as const;
      expect(step(p, settled).effects).toEqual([{ type: 'finish', outcome: { status: 'SUCCESS', value: 1 } }]);
      expect(step(p, { ...settled, ended: true })).toMatchObject({ effects: [], state: 'succeeded', finished: true });
    });

    it('ends the workflow with the root outcome without its cascade mark', () => {
      const effects = step(p, { type: 'TASK_TERMINATED', nodeId: 'r' }).effects;
      expect(effects).toEqual([
        { type: 'commit', nodeId: 'r', outcome: { status: 'REVOKED', reason: 'terminated by revoke', cascaded: true }, finish: { status: 'REVOKED', reason: 'terminated by revoke' } },
      ]);
    });
  });

  describe('when a chord header member succeeds', () => {
    const p = plan(chord([t('a'), t('b')], t('sum')), { workflowId: 'w', now });
    it('commits its result as part of the join by its header index', () => {
      expect(step(p, { type: 'TASK_SUCCEEDED', nodeId: 'r.1', value: 5 }).effects).toEqual([
        { type: 'commit', nodeId: 'r.1', outcome: { status: 'SUCCESS', value: 5 }, join: { joinId: 'r', index: 1, size: 2 } },
      ]);
    });
    it('starts the body only when the commit completed the join', () => {
      const settled = { type: 'NODE_SETTLED', nodeId: 'r.1', outcome: { status: 'SUCCESS', value: 5 }, now } as const;
      expect(step(p, settled).effects).toEqual([]);
      const [enqueue] = step(p, { ...settled, parts: [4, 5] }).effects;
      expect(enqueue!.type === 'enqueue' && enqueue!.jobs.map((j) => [j.message.nodeId, j.message.input])).toEqual([['r.b', [4, 5]]]);
    });
  });

  describe('when a chord header member fails', () => {
    it('cancels its siblings, fails the body and the chord with a ChordError', () => {
      const p = plan(chord([t('a'), chain(t('b'), t('c'))], t('sum')), { workflowId: 'w', now });
      const failure = { type: 'TaskError', message: 'no', taskName: 'a', nodeId: 'r.0' };
      const { effects } = step(p, { type: 'NODE_SETTLED', nodeId: 'r.0', outcome: { status: 'FAILURE', failure }, now });
      expect(effects.map((e) => e.type)).toEqual(['settleMany', 'settleMany', 'commit']);
      expect(effects[0]).toMatchObject({ nodeIds: ['r.1', 'r.1.0', 'r.1.1'], outcome: { status: 'REVOKED', cascaded: true } });
      expect(effects[1]).toMatchObject({ nodeIds: ['r.b'], outcome: { status: 'FAILURE', cascaded: true } });
      expect(effects[2]).toMatchObject({ nodeId: 'r', outcome: { status: 'FAILURE', failure: { type: 'ChordError', failedMember: { nodeId: 'r.0', index: 0 } } } });
    });
    it('names the member, its task and its error in the ChordError, and leaves out a task name it does not have', () => {
      const p = plan(chord([t('a'), t('b')], t('sum')), { workflowId: 'w', now });
      const chordOf = (failure: Record<string, unknown>) => {
        const { effects } = step(p, { type: 'NODE_SETTLED', nodeId: 'r.1', outcome: { status: 'FAILURE', failure: failure as never }, now });
        return (effects[2] as unknown as { outcome: { failure: Record<string, unknown> } }).outcome.failure;
      };
      expect(chordOf({ type: 'TaskError', errorName: 'RangeError', message: 'too big', taskName: 'b', nodeId: 'r.1' })).toMatchObject({
        message: "Chord r failed: header member 1 (task 'b') failed with RangeError: too big",
        taskName: 'b',
        failedMember: { nodeId: 'r.1', index: 1, taskName: 'b' },
      });
      const unnamed = chordOf({ type: 'NotRegisteredError', message: 'no task' });
      expect(unnamed.message).toBe('Chord r failed: header member 1 failed with NotRegisteredError: no task');
      expect('taskName' in unnamed).toBe(false);
    });
  });

  describe('when a task fails', () => {
    const p = plan(t('a').set({ retries: 2, backoff: { type: 'exponential', delay: 100 } }), { workflowId: 'w', now });
    const failure = { type: 'TaskError', message: 'x' };
    it('schedules the next attempt with its backoff while retries remain', () => {
      const [retry] = step(p, { type: 'TASK_FAILED', nodeId: 'r', attempt: 2, failure, random: 0 }).effects;
      expect(retry).toMatchObject({ type: 'retry', attempt: 3, job: { jobId: 'w.r.3', delay: 200 } });
    });
    it('commits the failure when retries are spent or retrying cannot help', () => {
      expect(step(p, { type: 'TASK_FAILED', nodeId: 'r', attempt: 3, failure, random: 0 }).effects[0]!.type).toBe('commit');
      expect(step(p, { type: 'TASK_FAILED', nodeId: 'r', attempt: 1, failure: { ...failure, nonRetryable: true }, random: 0 }).effects[0]!.type).toBe('commit');
    });
  });

  describe('when the root settles', () => {
    it('finishes the workflow and the machine reaches its final state', () => {
      const p = plan(t('a'), { workflowId: 'w', now });
      const result = step(p, { type: 'NODE_SETTLED', nodeId: 'r', outcome: { status: 'SUCCESS', value: 1 }, now });
      expect(result.finished).toBe(true);
      expect(result.effects).toEqual([{ type: 'finish', outcome: { status: 'SUCCESS', value: 1 } }]);
    });
  });
});

describe('backoffDelay', () => {
  it('follows BullMQ: fixed, exponential 2^(n-1), jitter within [wait*(1-j), wait]', () => {
    expect(backoffDelay({ type: 'fixed', delay: 50 }, 3, 0.5)).toBe(50);
    expect([1, 2, 3, 4].map((n) => backoffDelay({ type: 'exponential', delay: 100 }, n, 0))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay({ type: 'fixed', delay: 100, jitter: 0.5 }, 1, 0)).toBe(50);
    expect(backoffDelay({ type: 'fixed', delay: 100, jitter: 0.5 }, 1, 0.999)).toBe(100);
    expect(backoffDelay(null, 1, 0.3)).toBe(0);
  });
});

describe('message size', () => {
  // Celery issue #5000: chained chords embedded the rest of the workflow in every message.
  it('stays the same however large the canvas: messages carry ids and the input, never the workflow', () => {
    const sizes = [10, 1000].map((n) => {
      const header = Array.from({ length: n }, (_, i) => t('add', i));
      const canvas = chain(chord(header, t('sum')), chord(header, t('sum')), chord(header, t('sum')));
      const p = plan(canvas, { workflowId: 'w', now });
      const [enqueue] = step(p, { type: 'START', input: undefined, now }).effects;
      const jobs = enqueue!.type === 'enqueue' ? enqueue!.jobs : [];
      expect(jobs).toHaveLength(n);
      return Math.max(...jobs.map((job) => JSON.stringify(job.message).length));
    });
    expect(sizes[1]).toBeLessThanOrEqual(sizes[0]! + 4); // a longer node id, nothing more
    expect(sizes[1]).toBeLessThan(100);
  });
});

describe('what the runtime used to decide by hand, now machine events', () => {
  const p = plan(chain(group(t('a'), t('b')), t('c').set({ rateLimit: '1/s', queue: 'slow' })), { workflowId: 'w', now });
  const ok = (value: number) => ({ status: 'SUCCESS' as const, value });

  it('TASK_REDELIVERED commits the stored outcome again, with its join slot, so what follows is re-driven', () => {
    expect(step(p, { type: 'TASK_REDELIVERED', nodeId: 'r.0.1', outcome: ok(2) }).effects).toEqual([
      { type: 'commit', nodeId: 'r.0.1', outcome: ok(2), join: { joinId: 'r.0', index: 1, size: 2 } },
    ]);
  });

  it('TASK_RATE_LIMITED sends the same attempt again after the wait, as a new job counting the postponements', () => {
    const message = { workflowId: 'w', nodeId: 'r.1', attempt: 2, input: [1, 2], postponed: 1 };
    expect(step(p, { type: 'TASK_RATE_LIMITED', message, wait: 700 }).effects).toEqual([
      { type: 'enqueue', jobs: [{ jobId: 'w.r.1.2.p2', queue: 'slow', delay: 700, priority: null, message: { ...message, postponed: 2 } }] },
    ]);
  });

  it('REPLACEMENT_INVALID commits a failure that is not retried, naming the task and the reason', () => {
    const retried = plan(t('a').set({ retries: 3 }), { workflowId: 'w', now });
    expect(step(retried, { type: 'REPLACEMENT_INVALID', nodeId: 'r', attempt: 1, reason: 'no such task', random: 0.5 }).effects).toEqual([
      {
        type: 'commit',
        nodeId: 'r',
        outcome: {
          status: 'FAILURE',
          failure: { type: 'TaskError', errorName: 'InvalidReplacement', taskName: 'a', nodeId: 'r', message: "Task 'a' asked to be replaced by an invalid canvas: no such task", nonRetryable: true },
        },
        finish: {
          status: 'FAILURE',
          failure: { type: 'TaskError', errorName: 'InvalidReplacement', taskName: 'a', nodeId: 'r', message: "Task 'a' asked to be replaced by an invalid canvas: no such task", nonRetryable: true },
        },
      },
    ]);
  });

  it('REDRIVE starts the entry tasks again and re-commits every outcome that was not cascaded', () => {
    const outcomes = { 'r.0.0': ok(1), 'r.0.1': { ...ok(2), cascaded: true } };
    const effects = step(p, { type: 'REDRIVE', outcomes, now }).effects;
    expect(effects.map((e) => (e.type === 'enqueue' ? e.jobs.map((j) => j.jobId) : e.type === 'commit' ? e.nodeId : e.type))).toEqual([['w.r.0.0.1', 'w.r.0.1.1'], 'r.0.0']);
  });

  it('REDRIVE gives the entry tasks the workflow input, in the run the workflow is in', () => {
    const withInput = { ...plan(chain(t('a'), t('b')), { workflowId: 'w', now }), input: 4 };
    const [enqueue] = step(withInput, { type: 'REDRIVE', outcomes: {}, now, run: 3 }).effects;
    expect(enqueue).toEqual({ type: 'enqueue', jobs: [{ jobId: 'w.r.0.1.r3', queue: 'default', delay: 0, priority: null, message: { workflowId: 'w', nodeId: 'r.0', attempt: 1, input: 4, run: 3 } }] });
  });
});

describe('the lifecycle of a run', () => {
  const p = plan(chain(t('a'), t('b')), { workflowId: 'w', now });
  const settled = (nodeId: string, outcome: Outcome): WorkflowEvent => ({ type: 'NODE_SETTLED', nodeId, outcome, now });
  const success = { status: 'SUCCESS' as const, value: 1 };
  const failure = { status: 'FAILURE' as const, failure: { type: 'TaskError', message: 'x' } };
  const revoked = { status: 'REVOKED' as const, reason: 'revoked' };

  it('stays running while nodes other than the root settle', () => {
    expect(step(p, settled('r.0', success)).state).toBe('running');
  });

  it('ends succeeded, failed or revoked by the outcome the root settled with', () => {
    expect(step(p, settled('r', success))).toMatchObject({ state: 'succeeded', finished: true });
    expect(step(p, settled('r', failure))).toMatchObject({ state: 'failed', finished: true });
    expect(step(p, settled('r', revoked))).toMatchObject({ state: 'revoked', finished: true });
  });

  it('is cancelling while a revoke is in progress, asking the store to revoke, and ends revoked when the root settles', () => {
    const cancelling = step(p, { type: 'REVOKE' });
    // The store's mark, then every node without an outcome settled REVOKED (none left PENDING).
    expect(cancelling).toMatchObject({ state: 'cancelling', finished: false });
    // The reason is what nodes() shows for each of them.
    expect(cancelling.effects).toEqual([{ type: 'revoke' }, { type: 'settleMany', nodeIds: Object.keys(p.nodes), outcome: { status: 'REVOKED', reason: 'workflow revoked', cascaded: true } }]);
    // With terminate, the broadcast to running handlers comes between the two.
    expect(step(p, { type: 'REVOKE', terminate: true }).effects.map((e) => e.type)).toEqual(['revoke', 'cancel', 'settleMany']);
    expect(step(p, settled('r.0', success), cancelling.snapshot).state).toBe('cancelling');
    expect(step(p, settled('r', revoked), cancelling.snapshot)).toMatchObject({ state: 'revoked', finished: true });
    // A root that had already ended before the revoke keeps its end.
    expect(step(p, settled('r', success), cancelling.snapshot)).toMatchObject({ state: 'succeeded', finished: true });
    expect(step(p, settled('r', failure), cancelling.snapshot)).toMatchObject({ state: 'failed', finished: true });
  });

  // Every event but REVOKE and NODE_SETTLED leaves the lifecycle where it is and is decided the same in both
  // states that take events: a name missing from either state's list would be dropped there without effects.
  it('decides every task event in running and in cancelling alike, staying in that state', () => {
    const message = { workflowId: 'w', nodeId: 'r.0', attempt: 1 };
    const events: WorkflowEvent[] = [
      { type: 'START', input: undefined, now },
      { type: 'RETRY', outcomes: { 'r.0': failure, 'r.1': revoked, r: failure }, run: 2, now },
      { type: 'TASK_SUCCEEDED', nodeId: 'r.0', value: 1 },
      { type: 'TASK_FAILED', nodeId: 'r.0', attempt: 1, failure: failure.failure, random: 0.5 },
      { type: 'TASK_EXPIRED', nodeId: 'r.0' },
      { type: 'TASK_RATE_LIMITED', message, wait: 100 },
      { type: 'TASK_REDELIVERED', nodeId: 'r.0', outcome: success },
      { type: 'TASK_TERMINATED', nodeId: 'r.0' },
      { type: 'REPLACEMENT_INVALID', nodeId: 'r.0', attempt: 1, reason: 'not a canvas', random: 0.5 },
      { type: 'REPLACEMENT_ENDED', nodeId: 'r.0', outcome: success },
      { type: 'REDRIVE', outcomes: {}, now },
    ];
    const cancelling = step(p, { type: 'REVOKE' }).snapshot;
    for (const event of events) {
      const decided = decide(p, event);
      expect(decided.length, event.type).toBeGreaterThan(0);
      expect(step(p, event), event.type).toMatchObject({ state: 'running', finished: false, effects: decided });
      expect(step(p, event, cancelling), event.type).toMatchObject({ state: 'cancelling', finished: false, effects: decided });
    }
  });

  it('starts every step without a snapshot from running, whatever the steps before it reached', () => {
    expect(step(p, { type: 'REVOKE' }).state).toBe('cancelling');
    expect(step(p, settled('r', success)).state).toBe('succeeded');
    expect(step(p, settled('r.0', success))).toMatchObject({ state: 'running', effects: [{ type: 'enqueue' }] });
  });

  it('steps from the snapshot it is given, whatever steps from other snapshots came before', () => {
    const running = initialSnapshot(p);
    const cancelling = step(p, { type: 'REVOKE' }).snapshot;
    expect(step(p, { type: 'TASK_SUCCEEDED', nodeId: 'r.0', value: 1 }, running).state).toBe('running');
    expect(step(p, { type: 'TASK_SUCCEEDED', nodeId: 'r.0', value: 1 }, cancelling).state).toBe('cancelling');
    expect(step(p, { type: 'TASK_SUCCEEDED', nodeId: 'r.0', value: 1 }, running).state).toBe('running');
  });

  it('throws to its caller an event it cannot decide, and decides the next one as before', () => {
    vi.useFakeTimers();
    try {
      let thrown: unknown;
      try {
        step(p, { type: 'TASK_SUCCEEDED', nodeId: 'r.9', value: 1 });
      } catch (error) {
        thrown = error;
      }
      // The decision's own error, as it was thrown (toThrow() would also accept a thrown undefined).
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).message).toBe("Node 'r.9' is not part of workflow w");
      // xstate reports an error no observer took by throwing it on a timer: running the timers would throw it.
      expect(() => vi.runAllTimers()).not.toThrow();
      expect(step(p, { type: 'TASK_SUCCEEDED', nodeId: 'r.0', value: 1 })).toMatchObject({ state: 'running', effects: [{ type: 'commit', nodeId: 'r.0' }] });
    } finally {
      vi.useRealTimers();
    }
  });

  it('has a snapshot that is plain JSON and steps on the same after a round trip', () => {
    const cancelling = step(p, { type: 'REVOKE' }).snapshot;
    const json = JSON.parse(JSON.stringify(cancelling)) as unknown;
    const restored = restoreSnapshot(json);
    expect(restored.value).toBe('cancelling');
    expect(JSON.stringify(restored)).toBe(JSON.stringify(cancelling));
    expect(step(p, settled('r', revoked), restored)).toMatchObject({ state: 'revoked', finished: true });
  });

  // step() sends to an actor it keeps running instead of xstate making one per call: both must decide the same.
  it("agrees with xstate's public transition() on every event of a run: same state, same effects", () => {
    const run = plan(chord([t('a'), t('b')], t('sum')), { workflowId: 'w', now });
    const [start] = initialTransition(workflowMachine, { plan: run });
    expect(JSON.stringify(start)).toBe(JSON.stringify(initialSnapshot(run)));
    const events: WorkflowEvent[] = [
      { type: 'START', input: undefined, now },
      { type: 'TASK_SUCCEEDED', nodeId: 'r.0', value: 1 },
      settled('r.0', success),
      { type: 'TASK_FAILED', nodeId: 'r.1', attempt: 1, failure: failure.failure, random: 0.5 },
      settled('r.1', failure),
      { type: 'REVOKE' },
      settled('r', revoked),
    ];
    let snapshot = initialSnapshot(run);
    for (const event of events) {
      const ours = step(run, event, snapshot);
      const [next, actions] = transition(workflowMachine, snapshot, event);
      expect(ours.state).toBe(next.value);
      expect(ours.effects).toEqual(actions.flatMap((action) => action.params as unknown[]));
      snapshot = ours.snapshot;
    }
    expect(snapshot.value).toBe('revoked');
  });
});

describe('what a settled node leads to, effect by effect', () => {
  const failed: Outcome = { status: 'FAILURE', failure: { type: 'TaskError', message: 'boom', taskName: 'a', nodeId: 'r.0' } };

  it('commits a chain step and a chord body without a join slot: only group members and chord header members are parts', () => {
    const p = plan(chain(t('a'), chord([t('b'), t('c')], t('sum'))), { workflowId: 'w', now });
    expect(step(p, { type: 'TASK_SUCCEEDED', nodeId: 'r.0', value: 1 }).effects).toEqual([{ type: 'commit', nodeId: 'r.0', outcome: { status: 'SUCCESS', value: 1 } }]);
    expect(step(p, { type: 'TASK_SUCCEEDED', nodeId: 'r.1.b', value: 2 }).effects).toEqual([{ type: 'commit', nodeId: 'r.1.b', outcome: { status: 'SUCCESS', value: 2 } }]);
    expect(step(p, { type: 'TASK_SUCCEEDED', nodeId: 'r.1.0', value: 3 }).effects).toEqual([
      { type: 'commit', nodeId: 'r.1.0', outcome: { status: 'SUCCESS', value: 3 }, join: { joinId: 'r.1', index: 0, size: 2 } },
    ]);
  });

  it('cancels the other members of a group when one fails, saying which, and fails the group', () => {
    const p = plan(group(t('a'), t('b'), t('c')), { workflowId: 'w', now });
    expect(step(p, { type: 'NODE_SETTLED', nodeId: 'r.0', outcome: failed, now }).effects).toEqual([
      { type: 'settleMany', nodeIds: ['r.1', 'r.2'], outcome: { status: 'REVOKED', reason: 'cancelled: group member 0 did not succeed', cascaded: true } },
      { type: 'commit', nodeId: 'r', outcome: failed, finish: failed },
    ]);
  });

  it('cancels the other header members of a chord when one fails, saying which', () => {
    const p = plan(chord([t('a'), t('b')], t('sum')), { workflowId: 'w', now });
    const [siblings] = step(p, { type: 'NODE_SETTLED', nodeId: 'r.1', outcome: failed, now }).effects;
    expect(siblings).toEqual({ type: 'settleMany', nodeIds: ['r.0'], outcome: { status: 'REVOKED', reason: 'cancelled: chord header member 1 did not succeed', cascaded: true } });
  });

  it("hands a replacement's end to the task it replaced, without its cascade mark", () => {
    const p = { ...plan(t('a'), { workflowId: 'w~r.1', now }), continuation: { workflowId: 'w', nodeId: 'r.1' } };
    const revoked: Outcome = { status: 'REVOKED', reason: 'terminated by revoke', cascaded: true };
    expect(step(p, { type: 'NODE_SETTLED', nodeId: 'r', outcome: revoked, now, ended: true }).effects).toEqual([
      { type: 'continue', workflowId: 'w', nodeId: 'r.1', outcome: { status: 'REVOKED', reason: 'terminated by revoke' } },
    ]);
  });
});
