import type { Json } from '../../canvas/json.js';
import type { EnqueueRequest } from '../ports/broker.js';
import type { JoinSlot } from '../ports/result-store.js';
import type { Outcome } from '../ports/outcome.js';
import type { RejoinPart } from './resume.js';

/**
 * What the workflow machine asks the runtime to do. Each effect is idempotent, so a step can be repeated
 * from the start after a crash. The effects named here are the only way the engine changes the world.
 */
export type Effect =
  /** Send task jobs (a whole group's members go in one batch). */
  | { readonly type: 'enqueue'; readonly jobs: readonly EnqueueRequest[] }
  /**
   * Commit a node's outcome (and its join part); the runtime then sends NODE_SETTLED with what was stored.
   * `finish`, on the root's commit: the workflow's outcome, for a store that ends the workflow in the same write.
   */
  | { readonly type: 'commit'; readonly nodeId: string; readonly outcome: Outcome; readonly join?: JoinSlot; readonly finish?: Outcome }
  /** Give nodes that have not ended an outcome because of another node's end: cancelled siblings, steps after a failure. */
  | { readonly type: 'settleMany'; readonly nodeIds: readonly string[]; readonly outcome: Outcome }
  /** Mark a node RETRY and send its next attempt. */
  | { readonly type: 'retry'; readonly nodeId: string; readonly attempt: number; readonly job: EnqueueRequest }
  /** Revoke the workflow: tasks not started will not start, and it ends REVOKED unless it already ended. */
  | { readonly type: 'revoke' }
  /** Tell every worker to abort the `signal` of this workflow's handlers running now (revoke with terminate). */
  | { readonly type: 'cancel' }
  /** The root ended: commit the workflow's outcome. */
  | { readonly type: 'finish'; readonly outcome: Outcome }
  /**
   * `app.retry()`: forget the outcome of every node in `reset` and the workflow's own, record `parts` again,
   * and make `run` the workflow's run, only if it is FAILURE or REVOKED and in run `run - 1` (else another
   * caller retried it first, and nothing after this effect is done).
   */
  | { readonly type: 'reopen'; readonly run: number; readonly reset: readonly string[]; readonly parts: readonly RejoinPart[] }
  /** The root of a replacement ended: commit its outcome as the replaced task's, in that task's workflow. */
  | { readonly type: 'continue'; readonly workflowId: string; readonly nodeId: string; readonly outcome: Outcome };

export type NodeInput = { readonly value: Json } | undefined;
