import { getNode, type Plan, type PlannedTask } from '../../canvas/plan.js';
import type { Json } from '../../canvas/json.js';
import type { FailureData } from '../ports/outcome.js';
import { backoffDelay } from './backoff.js';
import type { Effect } from './effects.js';
import { jobId } from './job-id.js';
import { withJoin } from './start.js';

export function onTaskSucceeded(plan: Plan, nodeId: string, value: Json): Effect[] {
  return [{ type: 'commit', nodeId, outcome: { status: 'SUCCESS', value }, ...withJoin(plan, nodeId) }];
}

export interface FailedAttempt {
  readonly nodeId: string;
  readonly attempt: number;
  readonly failure: FailureData;
  /** The input the attempt ran with, sent again with the next attempt. */
  readonly input?: Json;
  /** Set when the handler asked for a retry with its own countdown. */
  readonly retryDelay?: number;
  /** In [0, 1), for jitter. */
  readonly random: number;
  /** The handler asked for this retry itself (`ctx.retry()`): `retryOn` does not apply. */
  readonly requested?: boolean;
  /** The run of the workflow the attempt belongs to (see job-id.ts). */
  readonly run?: number;
}

/** Retry while attempts remain and retrying can help (the error is retryable, and named in `retryOn` if set); otherwise commit the failure. */
export function onTaskFailed(plan: Plan, failed: FailedAttempt): Effect[] {
  const node = getNode(plan, failed.nodeId) as PlannedTask;
  const { retryOn } = node.options;
  const listed = failed.requested || retryOn === undefined || retryOn.includes(failed.failure.errorName ?? failed.failure.type);
  if (!failed.failure.nonRetryable && listed && failed.attempt <= node.options.retries) {
    const attempt = failed.attempt + 1;
    const delay = failed.retryDelay ?? backoffDelay(node.options.backoff, failed.attempt, failed.random);
    return [
      {
        type: 'retry',
        nodeId: node.id,
        attempt,
        job: {
          jobId: jobId(plan.workflowId, node.id, attempt, 0, failed.run),
          queue: node.options.queue,
          delay,
          priority: node.options.priority,
          message: { workflowId: plan.workflowId, nodeId: node.id, attempt, ...(failed.input !== undefined ? { input: failed.input } : {}), ...((failed.run ?? 1) > 1 ? { run: failed.run } : {}) },
        },
      },
    ];
  }
  return [{ type: 'commit', nodeId: node.id, outcome: { status: 'FAILURE', failure: failed.failure }, ...withJoin(plan, node.id) }];
}

/** A task that was not started before its `expires` time ends REVOKED, and its parents follow. */
export function onTaskExpired(plan: Plan, nodeId: string): Effect[] {
  return [{ type: 'commit', nodeId, outcome: { status: 'REVOKED', reason: 'expired before it started' }, ...withJoin(plan, nodeId) }];
}
