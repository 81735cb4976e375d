import type { Canvas } from '../canvas/canvas.js';
import type { Json } from '../canvas/json.js';
import type { Plan } from '../canvas/plan.js';
import type { Outcome } from '../engine/ports/outcome.js';
import type { NodeRecord } from '../engine/ports/result-store.js';
import type { FaultKind, FaultSchedule, InjectedFault } from './fault-kinds.js';

/** One run of a workflow on the test app's ports: how it ended and what happened on the way. */
export interface WorkflowRun {
  readonly workflowId: string;
  readonly canvas: Canvas;
  readonly plan: Plan;
  /** How the workflow ended; undefined if it never reached a final state. */
  readonly outcome: Outcome | undefined;
  /** Every node's record at the end of the run (state, outcome, attempt) as `AsyncResult.nodes()` reports it, by node id. */
  readonly nodes: ReadonlyMap<string, NodeRecord>;
  /** How many times each node's outcome was written (first writes only: a later one changes nothing). */
  readonly commits: ReadonlyMap<string, number>;
  /** How many times each task's handler ran, by task name. */
  readonly handlerRuns: Readonly<Record<string, number>>;
  /**
   * Of those, how many ran an attempt a second time or more (the same node and attempt number): the at-least-once
   * re-executions the faults caused. A handler whose effects must happen once has to survive each of them.
   */
  readonly reruns: Readonly<Record<string, number>>;
  /** The arguments each task node's handler was called with, once per call, by node id. */
  readonly received: ReadonlyMap<string, readonly (readonly Json[])[]>;
  /** Deliveries workers received, duplicates included. */
  readonly deliveries: number;
  /** The faults the run was given. */
  readonly schedule: FaultSchedule;
  /** The faults that happened, in order, with where they landed. */
  readonly faults: readonly InjectedFault[];
  /** How many of each kind happened. */
  readonly injected: Readonly<Record<FaultKind, number>>;
  /** How many jobs each worker ran at once in this run. */
  readonly concurrency: number;
  /**
   * The schedule's revoke, when one was issued (the first `revoke` or `revokeTerminate` reached): with or without
   * terminate, and the workflow's outcome as the store answered the revoked mark (REVOKED when it found the
   * workflow still running; undefined if the revoke had not reached the store).
   */
  readonly revoke?: { readonly terminate: boolean; readonly found: Outcome | undefined };
  /** Attempts (`<node>#<attempt>`) the store let begin after the workflow's revoked mark was set: none, if revoke holds. */
  readonly begunAfterRevoke: readonly string[];
}
