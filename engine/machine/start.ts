import { getNode, type Plan } from '../../canvas/plan.js';
import type { EnqueueRequest, TaskMessage } from '../ports/broker.js';
import type { Effect, NodeInput } from './effects.js';
import { jobId } from './job-id.js';
import { joinOf } from './join.js';

/**
 * Effects that start a node: the first attempt of every task that can run at once (a chain's first step,
 * every member of a group or chord header), batched into one enqueue. An empty group commits `[]` at once;
 * an empty chord starts its body with `[]`. `input` is given to every entry task (ignored by immutable ones).
 */
export function startNode(plan: Plan, nodeId: string, input: NodeInput, now: number, run = 1): Effect[] {
  const jobs: EnqueueRequest[] = [];
  const commits: Effect[] = [];
  const collect = (id: string, inherited: NodeInput, delay: number): void => {
    const node = getNode(plan, id);
    const wait = Math.max(delay, node.countdown ?? 0, node.eta === null ? 0 : node.eta - now);
    switch (node.kind) {
      case 'task': {
        const message: TaskMessage = {
          workflowId: plan.workflowId,
          nodeId: id,
          attempt: 1,
          ...(inherited !== undefined && !node.immutable ? { input: inherited.value } : {}),
          ...(run > 1 ? { run } : {}),
        };
        jobs.push({ jobId: jobId(plan.workflowId, id, 1, 0, run), queue: node.options.queue, delay: wait, priority: node.options.priority, message });
        return;
      }
      case 'chain':
        return collect(node.children[0]!, inherited, wait);
      case 'group':
        if (node.children.length === 0) {
          commits.push({ type: 'commit', nodeId: id, outcome: { status: 'SUCCESS', value: [] }, ...withJoin(plan, id) });
        }
        for (const child of node.children) collect(child, inherited, wait);
        return;
      case 'chord':
        if (node.children.length === 0) return collect(node.body, { value: [] }, wait);
        for (const child of node.children) collect(child, inherited, wait);
        return;
    }
  };
  collect(nodeId, input, 0);
  return jobs.length > 0 ? [{ type: 'enqueue', jobs }, ...commits] : commits;
}

export function withJoin(plan: Plan, nodeId: string): { join?: ReturnType<typeof joinOf> } {
  const join = joinOf(plan, nodeId);
  return join ? { join } : {};
}
