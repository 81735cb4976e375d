import type { Plan } from '../../canvas/plan.js';
import type { EnqueueRequest } from '../ports/broker.js';
import type { Tracing } from '../observe/tracing.js';

/**
 * Task jobs as they leave for the broker, from whichever process sends them: each message names its task (for
 * whoever reads the broker: BullMQ names the job after it) and, when the workflow is traced, carries the
 * `traceparent` of its attempt's parent span.
 */
export function outgoing(plan: Plan, jobs: readonly EnqueueRequest[], tracing: Tracing | undefined): readonly EnqueueRequest[] {
  const named = jobs.map((job) => {
    const node = plan.nodes[job.message.nodeId];
    return node?.kind === 'task' ? { ...job, message: { ...job.message, task: node.task } } : job;
  });
  return tracing ? tracing.stamp(plan, named) : named;
}
