import { CeleriacError } from '../canvas/errors.js';
import type { Json } from '../canvas/json.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { NodeKind } from '../canvas/node.js';
import type { NodeRole } from '../canvas/plan.js';
import { errorFromFailure } from './errors/from-failure.js';
import { RevokedError } from './errors/revoked-error.js';
import { TimeoutError } from './errors/timeout-error.js';
import { assertNever, type Outcome, type TaskState } from './ports/outcome.js';
import type { ResultStore } from './ports/result-store.js';
import { watchRecord } from './runtime/watch-record.js';
import { revokedWithWorkflow } from './machine/revoke.js';
import type { RevokeOptions } from './capabilities/control/revoke.js';

/** How long `get()` gives a workflow it cannot find to appear: another process may still be storing its apply. */
const missingGraceMs = 2000;
/** How often a long wait checks that the workflow's record still exists. */
const existenceCheckMs = 5000;

/** What a handle asks its app to do for it: the steering that needs the broker and the plan, not only the store. */
export interface WorkflowControl {
  revoke(workflowId: string, options?: RevokeOptions): Promise<unknown>;
  retry(workflowId: string): Promise<unknown>;
}

/**
 * A handle on a workflow (or single task) run, usable from any process that shares the store.
 * @example
 * const res = await app.apply(chain(add.s(2, 2), add.s(4)));
 * await res.get({ timeout: 10_000 }); // 8
 */
export class AsyncResult<T = Json> {
  constructor(
    readonly id: string,
    private readonly store: ResultStore,
    private readonly clock: Clock = systemClock,
    private readonly control?: WorkflowControl,
    /** This handle comes from the apply that stored the workflow: its record is known to exist. */
    private readonly stored = false,
  ) {}

  /**
   * Waits for the result. Rejects with TaskError or ChordError when the workflow failed, RevokedError when it
   * was revoked, TimeoutError when `timeout` ms pass first (the workflow keeps running), and a CeleriacError of
   * code `NOT_FOUND` when the store has no such workflow (never created, expired or lost), told within 2 s.
   */
  async get(options: { timeout?: number } = {}): Promise<T> {
    const timeout = options.timeout ?? Infinity;
    const started = this.clock.now();
    // A missing record ends the wait with NOT_FOUND, within half the timeout at most, so it is told apart from one.
    const watch = watchRecord(this.store, this.id, this.clock, Math.min(missingGraceMs, timeout / 2), existenceCheckMs, this.stored);
    let outcome: Outcome | undefined;
    try {
      outcome = await Promise.race([this.store.waitForOutcome(this.id, timeout), watch.lost]);
    } finally {
      watch.stop();
    }
    if (!outcome) {
      // The store also ends waits with nothing when it closes: say so rather than blame a timeout.
      if (this.clock.now() - started < timeout) throw new CeleriacError('UNAVAILABLE', `Stopped waiting for workflow ${this.id}: the app was closed (the workflow itself goes on)`);
      throw new TimeoutError(this.id, timeout);
    }
    return unwrap(outcome) as T;
  }

  /** The run's state now: PENDING until a task starts, then STARTED (RETRY while a task waits to retry), then its end. */
  async state(): Promise<TaskState> {
    const record = await this.store.readWorkflow(this.id);
    return record?.state ?? 'PENDING';
  }

  /** True once the run has ended (SUCCESS, FAILURE or REVOKED). */
  async ready(): Promise<boolean> {
    return (await this.store.readWorkflow(this.id))?.outcome !== undefined;
  }

  /**
   * Every node of the run with its state (and outcome once ended), in plan order: for inspection and dashboards.
   * In a revoked run, a node without an outcome reads as REVOKED: no task of it can begin any more (the store's
   * revoked mark), so none is shown PENDING, also when the process that revoked it died before it settled them
   * (revoking again settles them in the store too).
   */
  async nodes(): Promise<NodeSnapshot[]> {
    const [plan, workflow] = await Promise.all([this.store.loadPlan(this.id), this.store.readWorkflow(this.id)]);
    if (!plan) return [];
    const revoked = workflow?.outcome?.status === 'REVOKED';
    return Promise.all(
      Object.values(plan.nodes).map(async (node) => {
        const stored = await this.store.readNode(this.id, node.id);
        const record = revoked && !stored.outcome ? { ...stored, state: 'REVOKED' as const, outcome: revokedWithWorkflow } : stored;
        return {
          id: node.id,
          kind: node.kind,
          parent: node.parent,
          role: node.role,
          index: node.index,
          trigger: node.trigger,
          ...(node.kind === 'task' ? { task: node.task, args: node.args } : {}),
          state: record.state,
          attempt: record.attempt,
          ...(record.outcome ? { outcome: record.outcome } : {}),
        };
      }),
    );
  }

  /**
   * Cancels what has not started; the run ends REVOKED unless it already ended, and every node that had no
   * outcome ends REVOKED (none is left PENDING). Tasks already running finish, their results discarded, unless
   * `terminate` is set: then their handlers' `signal` is aborted, on whichever worker runs them.
   * Idempotent, and safe to race with completions: a node that committed first keeps its outcome.
   * @example
   * await res.revoke({ terminate: true });
   */
  async revoke(options: RevokeOptions = {}): Promise<void> {
    if (this.control) await this.control.revoke(this.id, options);
    else await this.store.revokeWorkflow(this.id);
  }

  /**
   * Runs a FAILURE or REVOKED run again from the nodes that did not succeed, keeping every committed result,
   * under the same id: this handle (and any other on the id) then resolves with the new outcome. See `app.retry`.
   * @example
   * await res.retry();
   * await res.get(); // the result, if the failed task now succeeds
   */
  async retry(): Promise<void> {
    if (!this.control) throw new CeleriacError('VALIDATION', 'This handle was not made by an app, so it cannot retry');
    await this.control.retry(this.id);
  }
}

export interface NodeSnapshot {
  readonly id: string;
  readonly kind: NodeKind;
  readonly parent: string | null;
  readonly role: NodeRole;
  /** Position among the parent's children (step, member or header index); 0 for roots and chord bodies. */
  readonly index: number;
  /** For a link or errback: the node whose outcome runs it. */
  readonly trigger: string | null;
  readonly task?: string;
  /** A task's literal arguments, as planned (a parent's result is prepended at run time unless it is immutable). */
  readonly args?: readonly Json[];
  readonly state: TaskState;
  readonly attempt: number;
  readonly outcome?: Outcome;
}

function unwrap(outcome: Outcome): Json {
  switch (outcome.status) {
    case 'SUCCESS':
      return outcome.value;
    case 'FAILURE':
      throw errorFromFailure(outcome.failure);
    case 'REVOKED':
      throw new RevokedError(outcome.reason);
    default:
      return assertNever(outcome);
  }
}
