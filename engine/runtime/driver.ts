import type { Plan } from '../../canvas/plan.js';
import type { Effect } from '../machine/effects.js';
import { step, type WorkflowEvent } from '../machine/workflow-machine.js';
import { assertNever } from '../ports/outcome.js';
import type { Ports } from '../ports/index.js';
import type { PlanCache } from './plan-cache.js';
import { RetryTaken } from './retry-taken.js';

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
  ) {}

  async dispatch(plan: Plan, event: WorkflowEvent): Promise<void> {
    const run = runOf(event);
    for (const effect of step(plan, event).effects) await this.perform(plan, effect, run);
  }

  /** `run` is the run of the workflow the effect belongs to (see job-id.ts); what it starts belongs to it too. */
  async perform(plan: Plan, effect: Effect, run = 1): Promise<void> {
    const { store, broker, clock } = this.ports;
    const workflowId = plan.workflowId;
    switch (effect.type) {
      case 'enqueue':
        return broker.enqueue(effect.jobs);
      case 'commit': {
        const committed = await store.commitOutcome(workflowId, effect.nodeId, effect.outcome, effect.join);
        // A cascaded outcome was written by whoever ended this node's parent; that process settles the parent.
        if (!committed.fresh && committed.outcome.cascaded) return;
        return this.dispatch(plan, {
          type: 'NODE_SETTLED',
          nodeId: effect.nodeId,
          outcome: committed.outcome,
          ...(committed.parts ? { parts: committed.parts } : {}),
          now: clock.now(),
          ...(run > 1 ? { run } : {}),
        });
      }
      case 'settleMany':
        if (effect.nodeIds.length > 0) await store.settleMany(workflowId, effect.nodeIds, effect.outcome);
        return;
      case 'retry':
        await store.markRetrying(workflowId, effect.nodeId, effect.attempt);
        return broker.enqueue([effect.job]);
      case 'revoke':
        await store.revokeWorkflow(workflowId);
        return;
      case 'cancel':
        return broker.cancelWorkflow(workflowId);
      case 'reopen':
        if (!(await store.reopenWorkflow(workflowId, effect.run, effect.reset, effect.parts))) throw new RetryTaken(workflowId);
        return;
      case 'finish':
        await store.finishWorkflow(workflowId, effect.outcome);
        return;
      case 'continue': {
        const parent = await this.plans.get(effect.workflowId);
        if (!parent) throw new Error(`Workflow ${effect.workflowId}, whose task ${effect.nodeId} this workflow replaces, is unknown (expired?)`);
        return this.dispatch(parent, { type: 'REPLACEMENT_ENDED', nodeId: effect.nodeId, outcome: effect.outcome });
      }
      default:
        return assertNever(effect);
    }
  }
}
