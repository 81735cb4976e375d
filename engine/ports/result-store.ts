import type { Json } from '../../canvas/json.js';
import type { Plan } from '../../canvas/plan.js';
import type { Outcome, TaskState } from './outcome.js';

/** Where a node's successful result is also recorded as a part of its parent's join (a group or a chord header). */
export interface JoinSlot {
  /** The group or chord node collecting the parts. */
  readonly joinId: string;
  /** The node's index among the join's members: parts are ordered by it, never by arrival. */
  readonly index: number;
  /** How many members the join has. */
  readonly size: number;
}

export interface CommitResult {
  /** The outcome now stored: ours if `fresh`, else the one committed first. Callers go on with this one. */
  readonly outcome: Outcome;
  /** True when this call wrote the outcome. */
  readonly fresh: boolean;
  /** When the commit completed a join: its parts in index order. Returned to every caller that finds the join complete. */
  readonly parts?: Json[];
  /**
   * When `finish` was given and the store ended the workflow in the same write, or found it ended: the
   * workflow's outcome now stored, as `finishWorkflow` would have returned it. Left out when the store does
   * not end workflows in a commit (the engine then calls `finishWorkflow`), or when the stored outcome is a
   * cascade (whoever cascaded the root ends the workflow).
   */
  readonly ended?: Outcome;
}

export type BeginResult =
  | { readonly kind: 'run' }
  /** The node already has an outcome (a redelivery, or it was cancelled); the caller re-propagates it unless `cascaded`. */
  | { readonly kind: 'settled'; readonly outcome: Outcome }
  /** The workflow was revoked: the node is REVOKED (unless it had already ended) and nothing more is to be done. */
  | { readonly kind: 'revoked' }
  /**
   * The message belongs to an older run: the workflow was retried (`app.retry()`) and is in run `run` now, which
   * sent its own messages. Nothing was written; the message is to be dropped.
   */
  | { readonly kind: 'stale'; readonly run: number };

export interface WorkflowRecord {
  readonly state: TaskState;
  readonly outcome?: Outcome;
  /** How many times it has run: 1 (left out) until an `app.retry()` reopens it. */
  readonly run?: number;
}

export interface NodeRecord {
  readonly state: TaskState;
  readonly outcome?: Outcome;
  /** The highest attempt that has begun, 0 if none. */
  readonly attempt: number;
}

/** What a revoke stored: the workflow's outcome, and whether this call ended the workflow with it. */
export interface RevokeResult {
  readonly outcome: Outcome;
  readonly fresh: boolean;
}

/**
 * Results and workflow state. Every write is first-write-wins, so a duplicate delivery or a re-run after a crash
 * can repeat any call and change nothing that was already decided.
 *
 * Does not promise: ordering between calls from different processes, or that a workflow's keys outlive the
 * adapter's retention period. It never runs tasks or sends messages (the Broker's job) nor keeps rate limits (the RateLimiter's).
 */
export interface ResultStore {
  /** Stores a new workflow's plan and marks it PENDING. Calling it again with the same plan changes nothing. */
  createWorkflow(plan: Plan): Promise<void>;
  /** The plan of a workflow, or undefined if it is unknown (never created, or expired). */
  loadPlan(workflowId: string): Promise<Plan | undefined>;
  /**
   * Called before a task attempt runs. Marks the node (and the workflow) STARTED and returns `run`,
   * unless the message's `run` (1 when left out) is older than the workflow's, the node already has an
   * outcome, or the workflow was revoked (checked in that order).
   */
  beginAttempt(workflowId: string, nodeId: string, attempt: number, run?: number): Promise<BeginResult>;
  /**
   * Commits a node's outcome if it has none yet, and, if the stored outcome is a SUCCESS and `join` is given,
   * records its value as part `join.index` of the join (first write per index wins). Atomic: a crash leaves
   * either nothing or both written.
   *
   * `finish` is given for the root: the workflow's outcome if it ends with this commit. A store may then end
   * the workflow in the same atomic write, as `finishWorkflow(workflowId, finish)` would (with the stored
   * outcome instead when it was committed before and not cascaded), and say so with `ended`; a store that
   * does not leaves `ended` out, and the engine calls `finishWorkflow` next.
   */
  commitOutcome(workflowId: string, nodeId: string, outcome: Outcome, join?: JoinSlot, finish?: Outcome): Promise<CommitResult>;
  /** Commits `outcome` (marked cascaded) for each listed node that has none yet. Writes to an unknown workflow are an adapter's choice (memory throws, Redis writes keys that expire): the engine never makes them. */
  settleMany(workflowId: string, nodeIds: readonly string[], outcome: Outcome): Promise<void>;
  /** Records that a node will be attempted again (state RETRY); `attempt` is the coming attempt, so the node's recorded attempt becomes at least `attempt - 1`. */
  markRetrying(workflowId: string, nodeId: string, attempt: number): Promise<void>;
  /** Commits the workflow's own outcome if it has none yet, wakes waiters, and returns the stored outcome. */
  finishWorkflow(workflowId: string, outcome: Outcome): Promise<Outcome>;
  /**
   * Marks the workflow revoked (tasks not started will not start) and finishes it REVOKED unless it already
   * ended. Resolves with the workflow's outcome now stored, `fresh` when this call wrote it (so one revoke of
   * many reports the end); undefined for an unknown workflow.
   */
  revokeWorkflow(workflowId: string): Promise<RevokeResult | undefined>;
  readWorkflow(workflowId: string): Promise<WorkflowRecord | undefined>;
  readNode(workflowId: string, nodeId: string): Promise<NodeRecord>;
  /** Every node's committed outcome, by node id; `{}` for an unknown workflow. */
  readOutcomes(workflowId: string): Promise<Record<string, Outcome>>;
  /**
   * Reopens an ended workflow for its run `run` (`app.retry()`), atomically and only if it is FAILURE or REVOKED
   * and in run `run - 1`: forgets the outcome, state and attempts of every node in `reset`, records each of
   * `parts` as its join's part (first write per index wins, as a commit does), clears the workflow's outcome
   * and revoked mark and marks it STARTED. Resolves true if this call reopened it; false (changing nothing)
   * if it was not FAILURE or REVOKED, or another call reopened it first, or it is unknown.
   */
  reopenWorkflow(workflowId: string, run: number, reset: readonly string[], parts: readonly { readonly joinId: string; readonly index: number; readonly size: number; readonly value: Json }[]): Promise<boolean>;
  /** Resolves with the workflow's outcome as soon as it has one, or undefined after `timeoutMs` (Infinity waits for ever). */
  waitForOutcome(workflowId: string, timeoutMs: number): Promise<Outcome | undefined>;
  /**
   * The value `ctx.once` stored under `key` for this workflow, or undefined if none is stored yet. `key` is
   * derived from a task's idempotency key and the name given to `once`, so it is the same on every attempt
   * and redelivery of that task.
   */
  readOnce(workflowId: string, key: string): Promise<{ readonly value: Json } | undefined>;
  /**
   * Stores `value` under `key` unless a value is stored there already (first write wins) and returns the
   * stored one. Kept as long as the workflow's other records. Does not promise anything about the effect
   * that produced `value`: a caller that crashed before this call leaves nothing stored.
   */
  recordOnce(workflowId: string, key: string, value: Json): Promise<Json>;
  close(): Promise<void>;
}

/**
 * A store that outlives the broker (PostgreSQL): `recover` finds unfinished workflows in it and re-drives
 * them after the broker lost its data. Does not promise to list workflows created after the call began.
 */
export interface RecoverableStore extends ResultStore {
  /** Ids of workflows that have no outcome yet, oldest first. */
  listUnfinished(limit?: number): Promise<string[]>;
}

export function isRecoverable(store: ResultStore): store is RecoverableStore {
  const candidate = store as Partial<RecoverableStore>;
  return typeof candidate.listUnfinished === 'function';
}
