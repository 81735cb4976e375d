import type { Json } from '../../canvas/json.js';
import type { Plan } from '../../canvas/plan.js';
import type { Outcome, TaskState } from '../../engine/ports/outcome.js';
import type { Clock } from '../../engine/ports/clock.js';
import type { BeginResult, CommitResult, JoinSlot, NodeRecord, RateLimiter, RecoverableStore, RevokeResult, WorkflowRecord } from '../../engine/ports/index.js';
import { decodeCursor, encodeCursor, failedNodeOf, workflowName, type WorkflowLister, type WorkflowPage, type WorkflowQuery, type WorkflowSummary } from '../../engine/ports/workflow-list.js';

interface WorkflowEntry {
  plan: Plan;
  state: TaskState;
  outcome?: Outcome;
  endedAt?: number;
  revoked: boolean;
  run: number;
  nodes: Map<string, { state: TaskState; outcome?: Outcome; attempt: number }>;
  parts: Map<string, Map<number, Json>>;
  once: Map<string, Json>;
}

/**
 * The result store in process memory, for the demo, users' unit tests and fast property tests. Values are
 * copied through JSON on the way in and out, as they would be through Redis, so nothing is shared by reference.
 */
export class MemoryResultStore implements RecoverableStore, RateLimiter, WorkflowLister {
  readonly #workflows = new Map<string, WorkflowEntry>();
  readonly #waiters = new Map<string, Set<(outcome: Outcome) => void>>();
  readonly #rates = new Map<string, number>();
  #closed = false;

  constructor(private readonly clock: Clock) {}

  async createWorkflow(plan: Plan): Promise<void> {
    if (this.#workflows.has(plan.workflowId)) return;
    this.#workflows.set(plan.workflowId, { plan: copy(plan), state: 'PENDING', revoked: false, run: 1, nodes: new Map(), parts: new Map(), once: new Map() });
  }

  async loadPlan(workflowId: string): Promise<Plan | undefined> {
    const entry = this.#workflows.get(workflowId);
    return entry ? copy(entry.plan) : undefined;
  }

  async beginAttempt(workflowId: string, nodeId: string, attempt: number, run = 1): Promise<BeginResult> {
    const entry = this.entry(workflowId);
    if (entry.run > run) return { kind: 'stale', run: entry.run };
    const node = this.node(entry, nodeId);
    if (entry.revoked) {
      if (!node.outcome) Object.assign(node, { outcome: { status: 'REVOKED', reason: 'workflow revoked', cascaded: true }, state: 'REVOKED' });
      return { kind: 'revoked' };
    }
    if (node.outcome) return { kind: 'settled', outcome: copy(node.outcome) };
    node.state = 'STARTED';
    node.attempt = Math.max(node.attempt, attempt);
    if (!entry.outcome) entry.state = 'STARTED';
    return { kind: 'run' };
  }

  async commitOutcome(workflowId: string, nodeId: string, outcome: Outcome, join?: JoinSlot, finish?: Outcome): Promise<CommitResult> {
    const entry = this.entry(workflowId);
    const node = this.node(entry, nodeId);
    const fresh = node.outcome === undefined;
    if (fresh) node.outcome = copy(outcome);
    const stored = node.outcome!;
    node.state = stored.status;
    // Ended in the same step, as the Redis script does: with ours if we wrote the root's outcome, else with
    // the stored one unless it is a cascade (whoever cascaded the root ends the workflow).
    const ending = finish && (fresh ? finish : stored.cascaded ? undefined : stored);
    const result = { outcome: copy(stored), fresh, ...(ending ? { ended: this.finish(workflowId, entry, ending) } : {}) };
    if (stored.status !== 'SUCCESS' || !join) return result;
    let parts = entry.parts.get(join.joinId);
    if (!parts) entry.parts.set(join.joinId, (parts = new Map()));
    if (!parts.has(join.index)) parts.set(join.index, copy(stored.value));
    if (parts.size < join.size) return result;
    const ordered = Array.from({ length: join.size }, (_, i) => parts.get(i) as Json);
    return { ...result, parts: copy(ordered) };
  }

  async settleMany(workflowId: string, nodeIds: readonly string[], outcome: Outcome): Promise<void> {
    const entry = this.entry(workflowId);
    for (const id of nodeIds) {
      const node = this.node(entry, id);
      if (node.outcome) continue;
      node.outcome = copy(outcome);
      node.state = outcome.status;
    }
  }

  async markRetrying(workflowId: string, nodeId: string, attempt: number): Promise<void> {
    const entry = this.entry(workflowId);
    const node = this.node(entry, nodeId);
    if (node.outcome) return;
    node.state = 'RETRY';
    node.attempt = Math.max(node.attempt, attempt - 1);
    if (!entry.outcome) entry.state = 'RETRY';
  }

  async finishWorkflow(workflowId: string, outcome: Outcome): Promise<Outcome> {
    return this.finish(workflowId, this.entry(workflowId), outcome);
  }

  /** Ends the workflow with `outcome` unless it has ended, waking its waiters; the outcome now stored. */
  private finish(workflowId: string, entry: WorkflowEntry, outcome: Outcome): Outcome {
    if (!entry.outcome) {
      entry.outcome = copy(outcome);
      entry.state = outcome.status;
      entry.endedAt = this.clock.now();
      const waiters = this.#waiters.get(workflowId);
      this.#waiters.delete(workflowId);
      for (const wake of waiters ?? []) wake(copy(entry.outcome));
    }
    return copy(entry.outcome);
  }

  async revokeWorkflow(workflowId: string): Promise<RevokeResult | undefined> {
    const entry = this.#workflows.get(workflowId);
    if (!entry) return undefined;
    entry.revoked = true;
    const fresh = entry.outcome === undefined;
    return { outcome: await this.finishWorkflow(workflowId, { status: 'REVOKED', reason: 'revoked' }), fresh };
  }

  async readWorkflow(workflowId: string): Promise<WorkflowRecord | undefined> {
    const entry = this.#workflows.get(workflowId);
    if (!entry) return undefined;
    const run = entry.run > 1 ? { run: entry.run } : {};
    return entry.outcome ? { state: entry.state, outcome: copy(entry.outcome), ...run } : { state: entry.state, ...run };
  }

  async readNode(workflowId: string, nodeId: string): Promise<NodeRecord> {
    const node = this.#workflows.get(workflowId)?.nodes.get(nodeId);
    if (!node) return { state: 'PENDING', attempt: 0 };
    return node.outcome ? { state: node.state, attempt: node.attempt, outcome: copy(node.outcome) } : { state: node.state, attempt: node.attempt };
  }

  waitForOutcome(workflowId: string, timeoutMs: number): Promise<Outcome | undefined> {
    const done = this.#workflows.get(workflowId)?.outcome;
    if (done) return Promise.resolve(copy(done));
    return new Promise((resolve) => {
      let cancel = () => {};
      const wake = (outcome: Outcome | undefined) => {
        cancel();
        this.#waiters.get(workflowId)?.delete(wake);
        resolve(outcome);
      };
      if (!this.#waiters.has(workflowId)) this.#waiters.set(workflowId, new Set());
      this.#waiters.get(workflowId)!.add(wake);
      if (Number.isFinite(timeoutMs)) cancel = this.clock.setTimer(timeoutMs, () => wake(undefined));
    });
  }

  async acquireRateSlot(key: string, limit: { max: number; perMs: number }, now: number): Promise<number> {
    // GCRA: each start pushes the theoretical arrival time on by one interval; up to `max` may be in flight.
    const interval = limit.perMs / limit.max;
    const tat = Math.max(this.#rates.get(key) ?? now, now);
    const wait = tat - now - (limit.perMs - interval);
    if (wait > 0) return Math.ceil(wait);
    this.#rates.set(key, tat + interval);
    return 0;
  }

  async reopenWorkflow(workflowId: string, run: number, reset: readonly string[], parts: readonly { joinId: string; index: number; size: number; value: Json }[]): Promise<boolean> {
    const entry = this.#workflows.get(workflowId);
    if (!entry || this.#closed) return false;
    if (entry.run !== run - 1 || (entry.outcome?.status !== 'FAILURE' && entry.outcome?.status !== 'REVOKED')) return false;
    for (const id of reset) entry.nodes.delete(id);
    for (const part of parts) {
      let slots = entry.parts.get(part.joinId);
      if (!slots) entry.parts.set(part.joinId, (slots = new Map()));
      if (!slots.has(part.index)) slots.set(part.index, copy(part.value));
    }
    delete entry.outcome;
    entry.revoked = false;
    entry.state = 'STARTED';
    entry.run = run;
    return true;
  }

  async readOnce(workflowId: string, key: string): Promise<{ value: Json } | undefined> {
    const once = this.entry(workflowId).once;
    return once.has(key) ? { value: copy(once.get(key)!) } : undefined;
  }

  async recordOnce(workflowId: string, key: string, value: Json): Promise<Json> {
    const once = this.entry(workflowId).once;
    if (!once.has(key)) once.set(key, copy(value));
    return copy(once.get(key)!);
  }

  async listUnfinished(limit = Infinity): Promise<string[]> {
    const open = [...this.#workflows.values()].filter((w) => !w.outcome).sort((a, b) => a.plan.createdAt - b.plan.createdAt);
    return open.slice(0, limit).map((w) => w.plan.workflowId);
  }

  async readOutcomes(workflowId: string): Promise<Record<string, Outcome>> {
    const out: Record<string, Outcome> = {};
    for (const [id, node] of this.#workflows.get(workflowId)?.nodes ?? []) if (node.outcome) out[id] = copy(node.outcome);
    return out;
  }

  /** Newest first; a scan of every workflow, which is what process memory holds anyway. */
  async listWorkflows(query: WorkflowQuery): Promise<WorkflowPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const matching = [...this.#workflows.values()]
      .filter((w) => (query.state === undefined || w.state === query.state) && (query.since === undefined || w.plan.createdAt >= query.since))
      .filter((w) => query.task === undefined || Object.values(w.plan.nodes).some((n) => n.kind === 'task' && n.task === query.task))
      .sort((a, b) => b.plan.createdAt - a.plan.createdAt || (a.plan.workflowId < b.plan.workflowId ? 1 : -1))
      .filter((w) => !after || w.plan.createdAt < after.createdAt || (w.plan.createdAt === after.createdAt && w.plan.workflowId < after.id));
    const items: WorkflowSummary[] = matching.slice(0, query.limit).map((w) => {
      const failedNode = failedNodeOf(w.outcome);
      const name = workflowName(w.plan);
      return { id: w.plan.workflowId, state: w.state, createdAt: w.plan.createdAt, ...(w.endedAt !== undefined ? { endedAt: w.endedAt } : {}), ...(name ? { name } : {}), ...(failedNode ? { failedNode } : {}) };
    });
    const last = items[items.length - 1];
    return matching.length > query.limit && last ? { items, next: encodeCursor(last.createdAt, last.id) } : { items };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const [, waiters] of this.#waiters) for (const wake of waiters) wake(undefined as unknown as Outcome);
    this.#waiters.clear();
  }

  private entry(workflowId: string): WorkflowEntry {
    if (this.#closed) throw new Error('The memory result store is closed');
    const entry = this.#workflows.get(workflowId);
    if (!entry) throw new Error(`Unknown workflow ${workflowId}`);
    return entry;
  }

  private node(entry: WorkflowEntry, nodeId: string) {
    let node = entry.nodes.get(nodeId);
    if (!node) entry.nodes.set(nodeId, (node = { state: 'PENDING', attempt: 0 }));
    return node;
  }
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
