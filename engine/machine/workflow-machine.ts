import { createActor, enqueueActions, setup, type AnyActorScope, type SnapshotFrom } from 'xstate';
import type { Json } from '../../canvas/json.js';
import type { Plan } from '../../canvas/plan.js';
import type { TaskMessage } from '../ports/broker.js';
import type { Outcome } from '../ports/outcome.js';
import type { Effect, NodeInput } from './effects.js';
import { invalidReplacement, onRateLimited, onRedrive, recommit } from './redelivered.js';
import { onSettled } from './settle.js';
import { startNode } from './start.js';
import { onTaskExpired, onTaskFailed, onTaskSucceeded, type FailedAttempt } from './task-finished.js';

export type WorkflowEvent =
  | { readonly type: 'START'; readonly input: NodeInput; readonly now: number }
  | { readonly type: 'TASK_SUCCEEDED'; readonly nodeId: string; readonly value: Json }
  | ({ readonly type: 'TASK_FAILED' } & FailedAttempt)
  | { readonly type: 'TASK_EXPIRED'; readonly nodeId: string }
  /** The task's rate limit said to wait `wait` ms before this attempt may start. */
  | { readonly type: 'TASK_RATE_LIMITED'; readonly message: TaskMessage; readonly wait: number }
  /** A message for a task that already has `outcome` (a redelivery, possibly after a crash before propagation). */
  | { readonly type: 'TASK_REDELIVERED'; readonly nodeId: string; readonly outcome: Outcome }
  /** The task asked to be replaced (`ctx.replace`) by a canvas that does not validate, for `reason`. */
  | { readonly type: 'REPLACEMENT_INVALID'; readonly nodeId: string; readonly attempt: number; readonly reason: string; readonly random: number }
  /** The workflow that replaced task `nodeId` of this one ended with `outcome`. */
  | { readonly type: 'REPLACEMENT_ENDED'; readonly nodeId: string; readonly outcome: Outcome }
  /** Recover: the broker lost its messages; `outcomes` are every node's stored outcome. */
  | { readonly type: 'REDRIVE'; readonly outcomes: Readonly<Record<string, Outcome>>; readonly now: number }
  | { readonly type: 'NODE_SETTLED'; readonly nodeId: string; readonly outcome: Outcome; readonly parts?: Json[]; readonly now: number };

/** The one pure decision: the effects an event calls for in a workflow run. */
export function decide(plan: Plan, event: WorkflowEvent): Effect[] {
  switch (event.type) {
    case 'START':
      return startNode(plan, plan.root, event.input, event.now);
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
      return onTaskFailed(plan, { nodeId: event.nodeId, attempt: event.attempt, failure: invalidReplacement(plan, event.nodeId, event.reason), random: event.random });
    case 'REDRIVE':
      return onRedrive(plan, event.outcomes, plan.input === undefined ? undefined : { value: plan.input }, event.now);
    case 'NODE_SETTLED':
      return onSettled(plan, event.nodeId, event.outcome, event.parts, event.now);
  }
}

/**
 * A workflow run as an xstate machine. Its state lives in the result store, not in one process, so each
 * worker rebuilds the snapshot for the plan and takes one pure `transition()`: the machine decides and
 * returns effects as actions; the runtime carries them out and feeds what the store answered back as
 * events (NODE_SETTLED). The run is `finished` once the root has an outcome.
 */
export const workflowMachine = setup({
  types: {
    context: {} as { plan: Plan },
    input: {} as { plan: Plan },
    events: {} as WorkflowEvent,
  },
  actions: {
    // Effects are carried out by the runtime (engine/runtime/driver.ts), never inside the machine.
    effect: (_args, _effect: Effect) => undefined,
  },
  guards: {
    rootSettled: ({ context, event }) => event.type === 'NODE_SETTLED' && event.nodeId === context.plan.root,
  },
}).createMachine({
  id: 'workflow',
  context: ({ input }) => ({ plan: input.plan }),
  initial: 'running',
  states: {
    running: {
      on: {
        '*': [
          {
            guard: 'rootSettled',
            target: 'finished',
            actions: enqueueActions(({ context, event, enqueue }) => decide(context.plan, event).forEach((effect) => enqueue({ type: 'effect', params: effect }))),
          },
          {
            actions: enqueueActions(({ context, event, enqueue }) => decide(context.plan, event).forEach((effect) => enqueue({ type: 'effect', params: effect }))),
          },
        ],
      },
    },
    finished: { type: 'final' },
  },
});

type WorkflowSnapshot = SnapshotFrom<typeof workflowMachine>;
const runningSnapshots = new WeakMap<Plan, WorkflowSnapshot>();
let collected: Effect[] = [];
let scope: AnyActorScope | undefined;

/**
 * What xstate's pure `transition()` builds on every call (an inert actor scope whose action executor only
 * collects actions), built once: creating an actor per event cost ~35 µs, more than the rest of a step.
 * Steps are synchronous, so one scope serves them all.
 */
function inertScope(plan: Plan): AnyActorScope {
  if (!scope) {
    const self = createActor(workflowMachine, { input: { plan } });
    scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => undefined,
      defer: () => undefined,
      emit: () => undefined,
      stopChild: () => undefined,
      actionExecutor: (action) => {
        collected.push(action.params as Effect);
      },
    } as AnyActorScope;
  }
  return scope;
}

/** One step of the machine for `plan`: the snapshot it reaches and the effects to carry out. */
export function step(plan: Plan, event: WorkflowEvent): { readonly finished: boolean; readonly effects: Effect[] } {
  const actorScope = inertScope(plan);
  let snapshot = runningSnapshots.get(plan);
  if (!snapshot) {
    snapshot = workflowMachine.getInitialSnapshot(actorScope, { plan });
    runningSnapshots.set(plan, snapshot);
  }
  collected = [];
  const next = workflowMachine.transition(snapshot, event, actorScope);
  const effects = collected;
  collected = [];
  return { finished: next.status === 'done', effects };
}
