import { createActor, setup, type Actor, type SnapshotFrom } from 'xstate';
import type { Json } from '../../canvas/json.js';
import type { Plan } from '../../canvas/plan.js';
import type { TaskMessage } from '../ports/broker.js';
import type { Outcome } from '../ports/outcome.js';
import type { Effect, NodeInput } from './effects.js';
import { invalidReplacement, onRateLimited, onRedrive, recommit } from './redelivered.js';
import { onRetry } from './resume.js';
import { onRevoke } from './revoke.js';
import { onSettled } from './settle.js';
import { uncascaded } from './failure.js';
import { startNode } from './start.js';
import { onTaskExpired, onTaskFailed, onTaskSucceeded, type FailedAttempt } from './task-finished.js';

export type WorkflowEvent =
  | { readonly type: 'START'; readonly input: NodeInput; readonly now: number }
  /** `app.retry()`: run `run` of a FAILURE or REVOKED workflow, from its stored `outcomes`. */
  | { readonly type: 'RETRY'; readonly outcomes: Readonly<Record<string, Outcome>>; readonly run: number; readonly now: number }
  | { readonly type: 'TASK_SUCCEEDED'; readonly nodeId: string; readonly value: Json; readonly run?: number }
  | ({ readonly type: 'TASK_FAILED' } & FailedAttempt)
  | { readonly type: 'TASK_EXPIRED'; readonly nodeId: string; readonly run?: number }
  /** The task's rate limit said to wait `wait` ms before this attempt may start. */
  | { readonly type: 'TASK_RATE_LIMITED'; readonly message: TaskMessage; readonly wait: number }
  /** A message for a task that already has `outcome` (a redelivery, possibly after a crash before propagation). */
  | { readonly type: 'TASK_REDELIVERED'; readonly nodeId: string; readonly outcome: Outcome; readonly run?: number }
  /** The task asked to be replaced (`ctx.replace`) by a canvas that does not validate, for `reason`. */
  | { readonly type: 'REPLACEMENT_INVALID'; readonly nodeId: string; readonly attempt: number; readonly reason: string; readonly random: number; readonly run?: number }
  /** The task's handler was told to stop (revoke with terminate) and its attempt ended there. */
  | { readonly type: 'TASK_TERMINATED'; readonly nodeId: string; readonly run?: number }
  /** The workflow that replaced task `nodeId` of this one ended with `outcome`. */
  | { readonly type: 'REPLACEMENT_ENDED'; readonly nodeId: string; readonly outcome: Outcome }
  /** A revoke is in progress: nothing new starts; with `terminate`, running handlers are told to stop. */
  | { readonly type: 'REVOKE'; readonly terminate?: boolean }
  /** Recover: the broker lost its messages; `outcomes` are every node's stored outcome; `run` the workflow's run. */
  | { readonly type: 'REDRIVE'; readonly outcomes: Readonly<Record<string, Outcome>>; readonly now: number; readonly run?: number }
  /** `ended`: the root's commit also ended the workflow (the store did both in one write, see the commit effect). */
  | { readonly type: 'NODE_SETTLED'; readonly nodeId: string; readonly outcome: Outcome; readonly parts?: Json[]; readonly now: number; readonly run?: number; readonly ended?: boolean };

/** The one pure decision: the effects an event calls for in a workflow run. */
export function decide(plan: Plan, event: WorkflowEvent): Effect[] {
  return endingWithRoot(plan, decideEffects(plan, event));
}

/**
 * A commit of the root may end the workflow in the same write (`finish`: the workflow's outcome, which is the
 * root's without the cascade mark, as settling the root would finish it), saving a single task its own
 * finishing round trip.
 */
function endingWithRoot(plan: Plan, effects: Effect[]): Effect[] {
  for (const [i, effect] of effects.entries()) {
    if (effect.type === 'commit' && effect.nodeId === plan.root) effects[i] = { ...effect, finish: uncascaded(effect.outcome) };
  }
  return effects;
}

function decideEffects(plan: Plan, event: WorkflowEvent): Effect[] {
  switch (event.type) {
    case 'START':
      return startNode(plan, plan.root, event.input, event.now);
    case 'RETRY':
      return onRetry(plan, event.outcomes, event.run, event.now);
    case 'TASK_SUCCEEDED':
      return onTaskSucceeded(plan, event.nodeId, event.value);
    case 'TASK_FAILED':
      return onTaskFailed(plan, event);
    case 'TASK_EXPIRED':
      return onTaskExpired(plan, event.nodeId);
    case 'TASK_RATE_LIMITED':
      return onRateLimited(plan, event.message, event.wait);
    case 'TASK_REDELIVERED':
    case 'REPLACEMENT_ENDED':
      return [recommit(plan, event.nodeId, event.outcome)];
    case 'REPLACEMENT_INVALID':
      return onTaskFailed(plan, { nodeId: event.nodeId, attempt: event.attempt, failure: invalidReplacement(plan, event.nodeId, event.reason), random: event.random, ...(event.run ? { run: event.run } : {}) });
    case 'TASK_TERMINATED':
      return [{ type: 'commit', nodeId: event.nodeId, outcome: { status: 'REVOKED', reason: 'terminated by revoke', cascaded: true } }];
    case 'REDRIVE':
      return onRedrive(plan, event.outcomes, plan.input === undefined ? undefined : { value: plan.input }, event.now, event.run);
    case 'REVOKE':
      return onRevoke(plan, event.terminate === true);
    case 'NODE_SETTLED':
      return onSettled(plan, event.nodeId, event.outcome, event.parts, event.now, event.run, event.ended);
  }
}

type EventType = WorkflowEvent['type'];
/** The machine's one action: the effects `decide` calls for, computed from the context and the event as its params. */
const decided = { actions: { type: 'decide', params: ({ context, event }: { context: { plan: Plan }; event: WorkflowEvent }) => decide(context.plan, event) } } as const;
type Decided = typeof decided;
/** Events that change no lifecycle state: the machine decides their effects and stays where it is. */
const progress = (types: readonly EventType[]): Record<string, Decided> => Object.fromEntries(types.map((type) => [type, decided]));
// RETRY is one of them: every step starts from `running` (a worker holds no state), and whether the run
// really was FAILURE or REVOKED is settled atomically by its first effect, the store's reopen.
const taskEvents: readonly EventType[] = ['START', 'RETRY', 'TASK_SUCCEEDED', 'TASK_FAILED', 'TASK_EXPIRED', 'TASK_RATE_LIMITED', 'TASK_REDELIVERED', 'TASK_TERMINATED', 'REPLACEMENT_INVALID', 'REPLACEMENT_ENDED', 'REDRIVE'];

/**
 * A workflow run as an xstate machine: `running` until its root settles, then `succeeded`, `failed` or
 * `revoked` (final) by the root's outcome, or `cancelling` while a revoke is in progress (REVOKE), which ends
 * `revoked` when the root settles (unless the root had already succeeded or failed). Its state lives in the
 * result store, not in one process: each worker steps an actor of it from the plan's `running` snapshot, one
 * event at a time, and the step's actions are the effects to carry out; the runtime performs them and feeds
 * what the store answered back (NODE_SETTLED). The snapshot is plain JSON (the plan and the state).
 */
export const workflowMachine = setup({
  types: {
    context: {} as { plan: Plan },
    input: {} as { plan: Plan },
    events: {} as WorkflowEvent,
  },
  actions: {
    // Effects are carried out by the runtime (engine/runtime/driver.ts), never inside the machine.
    decide: (_args, _effects: Effect[]) => undefined,
  },
  guards: {
    rootSucceeded: ({ context, event }) => rootOutcome(context.plan, event) === 'SUCCESS',
    rootFailed: ({ context, event }) => rootOutcome(context.plan, event) === 'FAILURE',
    rootRevoked: ({ context, event }) => rootOutcome(context.plan, event) === 'REVOKED',
  },
}).createMachine({
  id: 'workflow',
  context: ({ input }) => ({ plan: input.plan }),
  initial: 'running',
  states: {
    running: {
      on: {
        ...progress(taskEvents),
        REVOKE: { target: 'cancelling', ...decided },
        NODE_SETTLED: [
          { guard: 'rootSucceeded', target: 'succeeded', ...decided },
          { guard: 'rootFailed', target: 'failed', ...decided },
          { guard: 'rootRevoked', target: 'revoked', ...decided },
          decided,
        ],
      },
    },
    cancelling: {
      on: {
        // Tasks already running still end and commit (first write wins); nothing new starts (the store says revoked).
        ...progress(taskEvents),
        NODE_SETTLED: [
          { guard: 'rootSucceeded', target: 'succeeded', ...decided },
          { guard: 'rootFailed', target: 'failed', ...decided },
          { guard: 'rootRevoked', target: 'revoked', ...decided },
          decided,
        ],
      },
    },
    succeeded: { type: 'final' },
    failed: { type: 'final' },
    revoked: { type: 'final' },
  },
});

/** The status the root settled with, when `event` is the root's NODE_SETTLED. */
function rootOutcome(plan: Plan, event: WorkflowEvent): Outcome['status'] | undefined {
  return event.type === 'NODE_SETTLED' && event.nodeId === plan.root ? event.outcome.status : undefined;
}

export type WorkflowSnapshot = SnapshotFrom<typeof workflowMachine>;
/** Where a run is in its lifecycle. */
export type WorkflowState = 'running' | 'cancelling' | 'succeeded' | 'failed' | 'revoked';

const runningSnapshots = new WeakMap<Plan, WorkflowSnapshot>();

/** The effects of the step being taken: the machine's one action, `decide`, adds to them. */
let collected: Effect[] = [];
/** The error the step being taken ended its actor with (a decision that threw), to throw to the step's caller. */
let failed: { readonly error: unknown } | undefined;

/** The machine as `step()` runs it: its action collects the effects, which the runtime then carries out. */
const stepping = workflowMachine.provide({
  actions: {
    decide: (_args, effects: Effect[]) => {
      collected.push(...effects);
    },
  },
});
type StepActor = Actor<typeof stepping>;

/**
 * One started actor per plan, kept in `running`, where almost every step starts and stays (a worker holds
 * no state: each event starts from the run's `running` snapshot). Starting an actor for every event would
 * cost more than the rest of a step (see docs/benchmarks.md, "One step of the machine"); sending to one
 * that is already running costs what the transition costs. An actor that leaves `running` (a revoke, the
 * root's end) or fails is dropped, and the next step of the plan starts a new one.
 */
const runningActors = new WeakMap<Plan, StepActor>();

function startedActor(snapshot: WorkflowSnapshot): StepActor {
  // The machine's types ask for an input; started from a snapshot, xstate does not read it.
  const actor = createActor(stepping, { snapshot, input: { plan: snapshot.context.plan } });
  // An error observer keeps xstate from reporting a failed step as an unhandled error (thrown on a timer).
  actor.subscribe({ error: (error) => void (failed = { error }) });
  return actor.start();
}

/** The snapshot a run of `plan` starts from (cached per plan: it is the same every time). */
export function initialSnapshot(plan: Plan): WorkflowSnapshot {
  let snapshot = runningSnapshots.get(plan);
  if (!snapshot) {
    // Resolved from its state and context, not made by getInitialSnapshot (which enters the initial state
    // and runs its entry, none here): a few microseconds instead of over ten, per workflow a worker sees.
    snapshot = workflowMachine.resolveState({ value: 'running', context: { plan } });
    runningSnapshots.set(plan, snapshot);
  }
  return snapshot;
}

/** A snapshot read back from JSON (`JSON.parse(JSON.stringify(snapshot))`), ready to step from. */
export function restoreSnapshot(json: unknown): WorkflowSnapshot {
  return workflowMachine.resolveState(json as Parameters<typeof workflowMachine.resolveState>[0]);
}

/**
 * One step of the machine for `plan`, from `from` (by default the run's `running` snapshot, as a worker holds
 * no state of its own): the state it reaches, its snapshot, and the effects to carry out. An event the
 * machine cannot decide (a node the plan does not have) throws here, to the caller.
 */
export function step(
  plan: Plan,
  event: WorkflowEvent,
  from?: WorkflowSnapshot,
): { readonly finished: boolean; readonly state: WorkflowState; readonly snapshot: WorkflowSnapshot; readonly effects: Effect[] } {
  // Without a snapshot the step starts from running, where the plan's kept actor is; with one, from there.
  const fromRunning = from === undefined;
  let actor = fromRunning ? runningActors.get(plan) : undefined;
  if (!actor) {
    actor = startedActor(from ?? initialSnapshot(plan));
    if (fromRunning) runningActors.set(plan, actor);
  }
  collected = [];
  failed = undefined;
  actor.send(event);
  // Set, if at all, by the actor's error observer during send().
  const failure = failed as { readonly error: unknown } | undefined;
  const next = actor.getSnapshot();
  const effects = collected;
  collected = [];
  if (fromRunning && (failure || next.value !== 'running')) runningActors.delete(plan);
  if (failure) throw failure.error;
  return { finished: next.status === 'done', state: next.value as WorkflowState, snapshot: next, effects };
}
