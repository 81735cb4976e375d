import type { Plan } from '../../canvas/plan.js';
import type { Outcome } from '../ports/outcome.js';
import type { EnqueueRequest } from '../ports/broker.js';
import { emissionScope } from './emission-scope.js';
import type { RuntimeEvents } from './runtime-events.js';

/**
 * The events that follow the workflow driver's effects, each called right after the effect succeeded. Inside
 * a worker's delivery the worker's events are used (and its attempt's runtime); elsewhere `fallback`.
 */
function eventsOr(fallback: RuntimeEvents | undefined): RuntimeEvents | undefined {
  return emissionScope()?.events ?? fallback;
}

export function observeSent(fallback: RuntimeEvents | undefined, plan: Plan, jobs: readonly EnqueueRequest[]): void {
  eventsOr(fallback)?.sent(plan, jobs);
}

/**
 * A commit that wrote a task node's outcome: `task-succeeded`, `task-failed` or `task-revoked`. Only the
 * writing commit (first write wins) gets here, so a duplicate delivery or a re-drive after a crash reports
 * nothing twice. Cascaded outcomes are written by settleMany, never here: a task marked FAILURE because
 * another failed does not report `task-failed`.
 */
export function observeCommit(fallback: RuntimeEvents | undefined, plan: Plan, nodeId: string, outcome: Outcome): void {
  const node = plan.nodes[nodeId];
  if (node?.kind !== 'task' || outcome.cascaded) return;
  const scope = emissionScope();
  const events = scope?.events ?? fallback;
  if (!events) return;
  const attempt = scope?.attempt?.message.nodeId === nodeId && scope.attempt.message.workflowId === plan.workflowId ? scope.attempt : undefined;
  // A replaced task's outcome arrives from its replacement's end, outside this task's attempt.
  const message = attempt?.message ?? { workflowId: plan.workflowId, nodeId, attempt: 0 };
  switch (outcome.status) {
    case 'SUCCESS':
      return events.succeeded(plan, message, attempt?.runtimeMs ?? 0, outcome.value);
    case 'FAILURE':
      return events.failed(plan, message, attempt?.runtimeMs, outcome.failure);
    case 'REVOKED':
      return events.revoked(plan, message);
  }
}

/** A retry sent: `task-retried` with the failed attempt's error and the wait before the next. */
export function observeRetry(fallback: RuntimeEvents | undefined, plan: Plan, job: EnqueueRequest): void {
  const scope = emissionScope();
  const events = scope?.events ?? fallback;
  if (!events) return;
  const attempt = scope?.attempt;
  if (attempt?.failure) events.retried(plan, attempt.message, attempt.runtimeMs, attempt.failure, job.delay);
  events.sent(plan, [job]);
}

export function observeFinish(fallback: RuntimeEvents | undefined, plan: Plan, outcome: Outcome): void {
  eventsOr(fallback)?.workflowEnded(plan, outcome);
}
