import { getNode, type Plan, type PlannedTask } from '../../canvas/plan.js';
import type { TaskMessage } from '../ports/broker.js';
import type { FailureData, Outcome } from '../ports/outcome.js';
import type { Effect, NodeInput } from './effects.js';
import { jobId } from './job-id.js';
import { startNode, withJoin } from './start.js';

/**
 * A node that already has `outcome` (stored first): commit it again. Commit is first-write-wins, so this
 * changes nothing stored and only re-drives what follows it, which a crash between commit and propagation
 * may have left undone. Serves a redelivered task message, the end of a replacement and recover.
 */
export function recommit(plan: Plan, nodeId: string, outcome: Outcome): Effect {
  return { type: 'commit', nodeId, outcome, ...withJoin(plan, nodeId) };
}

/**
 * After the broker lost its messages (recover): the entry tasks again, and every outcome that was committed
 * (not cascaded, which its writer's propagation covers) committed again, so whatever follows is sent again.
 */
export function onRedrive(plan: Plan, outcomes: Readonly<Record<string, Outcome>>, input: NodeInput, now: number, run = 1): Effect[] {
  const effects = startNode(plan, plan.root, input, now, run);
  for (const [nodeId, outcome] of Object.entries(outcomes)) {
    if (!outcome.cascaded && plan.nodes[nodeId]) effects.push(recommit(plan, nodeId, outcome));
  }
  return effects;
}

/** A rate limit said to wait: the same attempt again after `wait` ms, as a new job (its id counts the postponements). */
export function onRateLimited(plan: Plan, message: TaskMessage, wait: number): Effect[] {
  const node = getNode(plan, message.nodeId) as PlannedTask;
  const postponed = (message.postponed ?? 0) + 1;
  const job = { jobId: jobId(plan.workflowId, node.id, message.attempt, postponed, message.run), queue: node.options.queue, delay: wait, priority: node.options.priority, message: { ...message, postponed } };
  return [{ type: 'enqueue', jobs: [job] }];
}

/** The failure of a task that asked to be replaced by a canvas that does not validate: not retried, the same canvas would fail again. */
export function invalidReplacement(plan: Plan, nodeId: string, reason: string): FailureData {
  const node = getNode(plan, nodeId) as PlannedTask;
  return { type: 'TaskError', errorName: 'InvalidReplacement', taskName: node.task, nodeId, message: `Task '${node.task}' asked to be replaced by an invalid canvas: ${reason}`, nonRetryable: true };
}
