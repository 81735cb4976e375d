import type { Plan } from '../../canvas/plan.js';
import type { EnqueueRequest } from '../ports/broker.js';
import type { Tracing } from '../observe/tracing.js';

/**
 * Task jobs as they leave for the broker, at `now`, from whichever process sends them: each message names its
 * task (for whoever reads the broker: BullMQ names the job after it), says when it may start (`readyAt`, for
 * its queue wait) and, when the workflow is traced, carries the `traceparent` of its attempt's parent span.
 */
export function outgoing(plan: Plan, jobs: readonly EnqueueRequest[], now: number, tracing: Tracing | undefined): readonly EnqueueRequest[] {
  const named = jobs.map((job) => {
    const node = plan.nodes[job.message.nodeId];
    const readyAt = now + job.delay;
    return { ...job, message: node?.kind === 'task' ? { ...job.message, task: node.task, readyAt } : { ...job.message, readyAt } };
  });
  return tracing ? tracing.stamp(plan, named) : named;
}
