import type { Json } from '../../../canvas/json.js';
import type { Plan } from '../../../canvas/plan.js';
import type { Outcome } from '../../../engine/ports/outcome.js';
import type { BeginResult, CommitResult, JoinSlot, NodeRecord, RateLimiter, ResultStore, WorkflowRecord } from '../../../engine/ports/index.js';
import { SimulatedCrash, type FaultInjector } from './faults.js';

/** The scheduler's interface as far as we use it: every port call waits for its turn. */
export interface Interleaver {
  schedule<T>(task: Promise<T>, label?: string): Promise<T>;
}

/**
 * Wraps a store at the port boundary: each call a worker makes waits for the scheduler's turn and may be
 * preceded or followed by a simulated crash. Counts fresh commits per node, the "committed once" evidence.
 */
export class FaultyStore implements ResultStore, RateLimiter {
  readonly freshCommits = new Map<string, number>();

  constructor(
    private readonly inner: ResultStore & RateLimiter,
    private readonly faults: FaultInjector,
    private readonly interleaver: Interleaver,
  ) {}

  private async call<T>(label: string, fn: () => Promise<T>): Promise<T> {
    await this.interleaver.schedule(Promise.resolve(label), label);
    const fault = this.faults.next(['crash-before', 'crash-after']);
    if (fault === 'crash-before') throw new SimulatedCrash(`before ${label}`);
    const result = await fn();
    if (fault === 'crash-after') throw new SimulatedCrash(`after ${label}`);
    return result;
  }

  beginAttempt(workflowId: string, nodeId: string, attempt: number): Promise<BeginResult> {
    return this.call(`beginAttempt ${nodeId}#${attempt}`, () => this.inner.beginAttempt(workflowId, nodeId, attempt));
  }

  commitOutcome(workflowId: string, nodeId: string, outcome: Outcome, join?: JoinSlot): Promise<CommitResult> {
    return this.call(`commit ${nodeId}`, async () => {
      const result = await this.inner.commitOutcome(workflowId, nodeId, outcome, join);
      if (result.fresh) this.freshCommits.set(nodeId, (this.freshCommits.get(nodeId) ?? 0) + 1);
      return result;
    });
  }

  settleMany(workflowId: string, nodeIds: readonly string[], outcome: Outcome): Promise<void> {
    return this.call(`settleMany ${nodeIds.join(',')}`, () => this.inner.settleMany(workflowId, nodeIds, outcome));
  }

  markRetrying(workflowId: string, nodeId: string, attempt: number): Promise<void> {
    return this.call(`markRetrying ${nodeId}`, () => this.inner.markRetrying(workflowId, nodeId, attempt));
  }

  finishWorkflow(workflowId: string, outcome: Outcome): Promise<Outcome> {
    return this.call('finishWorkflow', () => this.inner.finishWorkflow(workflowId, outcome));
  }

  acquireRateSlot(key: string, limit: { max: number; perMs: number }, now: number): Promise<number> {
    return this.call(`rate ${key}`, () => this.inner.acquireRateSlot(key, limit, now));
  }

  // Reads and apply-time writes are not failure points of a worker.
  createWorkflow(plan: Plan): Promise<void> {
    return this.inner.createWorkflow(plan);
  }
  loadPlan(workflowId: string): Promise<Plan | undefined> {
    return this.inner.loadPlan(workflowId);
  }
  revokeWorkflow(workflowId: string): Promise<Outcome | undefined> {
    return this.inner.revokeWorkflow(workflowId);
  }
  readWorkflow(workflowId: string): Promise<WorkflowRecord | undefined> {
    return this.inner.readWorkflow(workflowId);
  }
  readNode(workflowId: string, nodeId: string): Promise<NodeRecord> {
    return this.inner.readNode(workflowId, nodeId);
  }
  readOutcomes(workflowId: string): Promise<Record<string, Outcome>> {
    return this.inner.readOutcomes(workflowId);
  }
  reopenWorkflow(workflowId: string, run: number, reset: readonly string[], parts: readonly { joinId: string; index: number; size: number; value: Json }[]): Promise<boolean> {
    return this.inner.reopenWorkflow(workflowId, run, reset, parts);
  }
  waitForOutcome(workflowId: string, timeoutMs: number): Promise<Outcome | undefined> {
    return this.inner.waitForOutcome(workflowId, timeoutMs);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

export type { Json };
