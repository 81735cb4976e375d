import type { Json } from '../canvas/json.js';
import type { Plan } from '../canvas/plan.js';
import type { Outcome } from '../engine/ports/outcome.js';
import type { RateLimit, RateLimiter } from '../engine/ports/rate-limiter.js';
import type { BeginResult, CommitResult, JoinSlot, NodeRecord, ResultStore, RevokeResult, WorkflowRecord } from '../engine/ports/result-store.js';
import { isWorkflowLister, type WorkflowLister, type WorkflowPage, type WorkflowQuery } from '../engine/ports/workflow-list.js';
import type { SiteFamily, FaultKind } from './fault-kinds.js';
import { assertAlive, crashHere, inRedelivery, inWorker, outsideDelivery } from './crash-scope.js';
import type { FaultInjector } from './fault-injector.js';

/** The scheduler's interface as far as the faulty ports use it: every port call waits for its turn. */
export interface Interleaver {
  schedule<T>(task: Promise<T>, label?: string): Promise<T>;
}

/** Names a node in words for the fault log: `r.1 (charge)`. */
export type NodeLabel = (workflowId: string, nodeId: string) => string;

/**
 * Wraps a store (and the rate limiter, whose calls take their turn too) at the port boundary: each call a worker makes waits for the scheduler's turn, and the fault
 * schedule may crash the worker around it (see `FaultKind` for where). Counts fresh commits per node, the "committed once" evidence.
 */
export class FaultyStore implements ResultStore, RateLimiter, WorkflowLister {
  readonly freshCommits = new Map<string, number>();
  /** What the store answered the revoke's mark with: the workflow's outcome then (REVOKED if it was running). */
  revokeFound: Outcome | undefined;
  /** Attempts the store let begin though their workflow's revoked mark was already set: each one a broken promise. */
  readonly begunAfterRevoke: string[] = [];
  /** Where a `revoke` of the schedule goes: the simulation revokes the workflow as a producer would. */
  onRevoke: (terminate: boolean) => void = () => undefined;
  #marked = false;

  constructor(
    private readonly inner: ResultStore,
    private readonly rates: RateLimiter,
    private readonly faults: FaultInjector,
    private readonly interleaver: Interleaver,
    private readonly label: NodeLabel,
  ) {}

  /** The faults at the next place of `family`: a worker's places only (a producer's calls, such as a revoke's, are none). */
  private next<K extends FaultKind>(family: SiteFamily, kinds: readonly K[]): ReadonlySet<K> {
    return inWorker() ? this.faults.next(family, kinds, inRedelivery()) : new Set();
  }

  /** A call after which the worker may die while advancing the workflow. */
  private async advancing<T>(what: string, fn: () => Promise<T>): Promise<T> {
    await this.interleaver.schedule(Promise.resolve(what), what);
    assertAlive();
    const crash = this.next('advance', ['crashWhileAdvancing']).has('crashWhileAdvancing');
    const result = await fn();
    if (crash) this.crash('crashWhileAdvancing', `after ${what}, while advancing`);
    return result;
  }

  /** A node's commit: the worker may die just before it (the handler ran) or just after it. */
  private async committing<T>(what: string, fn: () => Promise<T>): Promise<T> {
    await this.interleaver.schedule(Promise.resolve(what), what);
    assertAlive();
    const faults = this.next('commit', ['crashBeforeCommit', 'crashAfterCommit', 'revoke', 'revokeTerminate']);
    for (const kind of ['revoke', 'revokeTerminate'] as const) {
      if (!faults.has(kind)) continue;
      this.faults.record(kind, `revoke${kind === 'revokeTerminate' ? ' with terminate' : ''} issued before ${what}`, inRedelivery());
      // The producer's call, not this delivery's: it goes on whatever happens to this worker.
      outsideDelivery(() => this.onRevoke(kind === 'revokeTerminate'));
    }
    if (faults.has('crashBeforeCommit')) this.crash('crashBeforeCommit', `before ${what}`);
    const result = await fn();
    if (faults.has('crashAfterCommit')) this.crash('crashAfterCommit', `right after ${what}`);
    return result;
  }

  private crash(kind: 'crashBeforeRun' | 'crashBeforeCommit' | 'crashBeforeOnceStored' | 'crashAfterCommit' | 'crashWhileAdvancing', where: string): never {
    this.faults.record(kind, `crash ${where}`, inRedelivery());
    return crashHere(where);
  }

  /** `app.workflows()`: a producer's read, not a worker's, so it passes to the wrapped store with no faults. */
  listWorkflows(query: WorkflowQuery): Promise<WorkflowPage> {
    if (!isWorkflowLister(this.inner)) throw new Error('The store this test app was given cannot list workflows (it has no listWorkflows method)');
    return this.inner.listWorkflows(query);
  }

  async beginAttempt(workflowId: string, nodeId: string, attempt: number, run?: number): Promise<BeginResult> {
    const what = `${this.label(workflowId, nodeId)} began attempt ${attempt}`;
    await this.interleaver.schedule(Promise.resolve(what), what);
    assertAlive();
    const crash = this.next('begin', ['crashBeforeRun']).has('crashBeforeRun');
    const marked = this.#marked;
    const result = await this.inner.beginAttempt(workflowId, nodeId, attempt, run);
    if (marked && result.kind === 'run') this.begunAfterRevoke.push(`${nodeId}#${attempt}`);
    if (crash) this.crash('crashBeforeRun', `after ${what}, before its handler ran`);
    return result;
  }

  commitOutcome(workflowId: string, nodeId: string, outcome: Outcome, join?: JoinSlot, finish?: Outcome): Promise<CommitResult> {
    return this.committing(`the commit of ${this.label(workflowId, nodeId)} (${outcome.status})`, async () => {
      const result = await this.inner.commitOutcome(workflowId, nodeId, outcome, join, finish);
      if (result.fresh) this.freshCommits.set(nodeId, (this.freshCommits.get(nodeId) ?? 0) + 1);
      return result;
    });
  }

  async recordOnce(workflowId: string, key: string, value: Json): Promise<Json> {
    // The key is `<workflowId>:<nodeId>:<name>` (the idempotency key, then the name); node ids have no colon.
    const rest = key.slice(workflowId.length + 1);
    const colon = rest.indexOf(':');
    const what = `once('${rest.slice(colon + 1)}') of ${this.label(workflowId, rest.slice(0, colon))}`;
    await this.interleaver.schedule(Promise.resolve(what), what);
    assertAlive();
    if (this.next('once', ['crashBeforeOnceStored']).has('crashBeforeOnceStored')) {
      this.crash('crashBeforeOnceStored', `after the function of ${what} ran, before its result was stored`);
    }
    return this.inner.recordOnce(workflowId, key, value);
  }

  settleMany(workflowId: string, nodeIds: readonly string[], outcome: Outcome): Promise<void> {
    return this.advancing(`settling ${nodeIds.join(', ')} ${outcome.status}`, () => this.inner.settleMany(workflowId, nodeIds, outcome));
  }

  markRetrying(workflowId: string, nodeId: string, attempt: number): Promise<void> {
    return this.advancing(`marking ${this.label(workflowId, nodeId)} for attempt ${attempt}`, () => this.inner.markRetrying(workflowId, nodeId, attempt));
  }

  finishWorkflow(workflowId: string, outcome: Outcome): Promise<Outcome> {
    return this.advancing(`finishing workflow ${workflowId} (${outcome.status})`, () => this.inner.finishWorkflow(workflowId, outcome));
  }

  async acquireRateSlot(key: string, limit: RateLimit, now: number): Promise<number> {
    await this.interleaver.schedule(Promise.resolve(`rate ${key}`), `rate ${key}`);
    assertAlive();
    return this.rates.acquireRateSlot(key, limit, now);
  }

  async readOnce(workflowId: string, key: string): Promise<{ readonly value: Json } | undefined> {
    await this.interleaver.schedule(Promise.resolve(`read once ${key}`), `read once ${key}`);
    assertAlive();
    return this.inner.readOnce(workflowId, key);
  }

  // Reads and apply-time writes are not places where a worker dies.
  createWorkflow(plan: Plan): Promise<void> {
    return this.inner.createWorkflow(plan);
  }
  loadPlan(workflowId: string): Promise<Plan | undefined> {
    return this.inner.loadPlan(workflowId);
  }
  async revokeWorkflow(workflowId: string): Promise<RevokeResult | undefined> {
    const found = await this.inner.revokeWorkflow(workflowId);
    this.revokeFound ??= found?.outcome;
    this.#marked = true;
    return found;
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
