import type { Plan } from '../../canvas/plan.js';
import type { Effect } from '../machine/effects.js';
import { step, type WorkflowEvent } from '../machine/workflow-machine.js';
import { assertNever, type Outcome } from '../ports/outcome.js';
import type { Ports } from '../ports/index.js';
import type { PlanCache } from './plan-cache.js';
import { observeCommit, observeFinish, observeRetry, observeSent } from '../observe/observe-effects.js';
import type { RuntimeEvents } from '../observe/runtime-events.js';
import type { Tracing } from '../observe/tracing.js';
import { RetryTaken } from './retry-taken.js';
import { outgoing } from './outgoing.js';

/** The run an event belongs to: the retry's own, or the one its task message came from. */
function runOf(event: WorkflowEvent): number {
  switch (event.type) {
    case 'RETRY':
      return event.run;
    case 'TASK_SUCCEEDED':
    case 'TASK_FAILED':
    case 'TASK_EXPIRED':
    case 'TASK_REDELIVERED':
    case 'TASK_TERMINATED':
    case 'REPLACEMENT_INVALID':
    case 'REDRIVE':
    case 'NODE_SETTLED':
      return event.run ?? 1;
    case 'TASK_RATE_LIMITED':
      return event.message.run ?? 1;
    default:
      return 1;
  }
}

/**
 * Carries out the workflow machine's effects through the ports, feeding what the store answered back to the
 * machine. Every effect is idempotent, so a crash anywhere is repaired by running the same event again.
 */
export class WorkflowDriver {
  constructor(
    private readonly ports: Pick<Ports, 'store' | 'broker' | 'clock'>,
    private readonly plans: PlanCache,
    /** This process's events, for effects carried out outside a worker's delivery (apply, recover). */
    private readonly events?: RuntimeEvents,
    /** Puts the trace's `traceparent` in the messages sent, and records a traced workflow's end. */
    readonly tracing?: Tracing,
  ) {}

  /**
   * `rootFresh`: this process's commit just wrote the root's outcome, so it alone reports the workflow's end.
   * Resolves with the effects the event decided (not those of the events they led to), once all are carried out.
   */
  async dispatch(plan: Plan, event: WorkflowEvent, rootFresh = false): Promise<readonly Effect[]> {
    const run = runOf(event);
    const { effects } = step(plan, event);
    for (const effect of effects) await this.perform(plan, effect, run, rootFresh);
    return effects;
  }

  /** `run` is the run of the workflow the effect belongs to (see job-id.ts); what it starts belongs to it too. */
  async perform(plan: Plan, effect: Effect, run = 1, rootFresh = false): Promise<void> {
    const { store, broker, clock } = this.ports;
    const workflowId = plan.workflowId;
    switch (effect.type) {
      case 'enqueue':
        await broker.enqueue(outgoing(plan, effect.jobs, clock.now(), this.tracing));
        return observeSent(this.events, plan, effect.jobs);
      case 'commit': {
        const committed = await store.commitOutcome(workflowId, effect.nodeId, effect.outcome, effect.join, effect.finish);
        if (committed.fresh) observeCommit(this.events, plan, effect.nodeId, committed.outcome);
        // The store ended the workflow with the root's commit: this commit alone reports the end, as `finish` does.
        if (committed.ended && committed.fresh) this.finished(plan, committed.ended);
        // A cascaded outcome was written by whoever ended this node's parent; that process settles the parent.
        if (!committed.fresh && committed.outcome.cascaded) return;
        await this.dispatch(plan, {
          type: 'NODE_SETTLED',
          nodeId: effect.nodeId,
          outcome: committed.outcome,
          ...(committed.parts ? { parts: committed.parts } : {}),
          now: clock.now(),
          ...(run > 1 ? { run } : {}),
          ...(committed.ended ? { ended: true } : {}),
        }, committed.fresh && effect.nodeId === plan.root);
        return;
      }
      case 'settleMany':
        if (effect.nodeIds.length > 0) await store.settleMany(workflowId, effect.nodeIds, effect.outcome);
        return;
      case 'retry':
        await store.markRetrying(workflowId, effect.nodeId, effect.attempt);
        await broker.enqueue(outgoing(plan, [effect.job], clock.now(), this.tracing));
        return observeRetry(this.events, plan, effect.job);
      case 'revoke': {
        // `workflow-revoked` only from the revoke that ended the workflow: not when it had ended before, nor
        // when it was revoked already (first write wins, as commits do).
        const stored = await store.revokeWorkflow(workflowId);
        if (stored?.fresh) this.finished(plan, stored.outcome);
        return;
      }
      case 'cancel':
        return broker.cancelWorkflow(workflowId);
      case 'reopen':
        if (!(await store.reopenWorkflow(workflowId, effect.run, effect.reset, effect.parts))) throw new RetryTaken(workflowId);
        return;
      case 'finish': {
        const stored = await store.finishWorkflow(workflowId, effect.outcome);
        if (rootFresh) this.finished(plan, stored);
        return;
      }
      case 'continue': {
        const parent = await this.plans.get(effect.workflowId);
        if (!parent) throw new Error(`Workflow ${effect.workflowId}, whose task ${effect.nodeId} this workflow replaces, is unknown (expired?)`);
        await this.dispatch(parent, { type: 'REPLACEMENT_ENDED', nodeId: effect.nodeId, outcome: effect.outcome });
        return;
      }
      default:
        return assertNever(effect);
    }
  }

  /** Reports the workflow's end (event and trace): called once, by whoever ended it. */
  private finished(plan: Plan, outcome: Outcome): void {
    observeFinish(this.events, plan, outcome);
    this.tracing?.finished(plan, outcome);
  }
}
