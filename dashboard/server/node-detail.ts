import type { FailureData } from '../../engine/ports/outcome.js';
import type { AttemptLog } from '../attempt-log.js';
import { locateNode } from '../graph/build-graph.js';
import type { DashboardSource } from '../source.js';
import type { ErrorView, NodeDetail } from '../wire.js';

/** Everything known about one task of a workflow's graph: arguments, result or error with its stack, attempts. */
export async function nodeDetail(source: DashboardSource, attempts: AttemptLog, workflowId: string, graphNodeId: string): Promise<NodeDetail | undefined> {
  const where = locateNode(workflowId, graphNodeId);
  const snapshot = await source.snapshot(where.workflowId);
  const node = snapshot?.nodes.find((n) => n.id === where.nodeId && n.kind === 'task');
  if (!node) return undefined;
  const outcome = node.outcome;
  return {
    id: graphNodeId,
    workflowId: where.workflowId,
    taskName: node.task ?? '?',
    state: node.state,
    attempt: node.attempt,
    parent: node.parent,
    role: node.role,
    ...(node.args !== undefined ? { args: node.args } : {}),
    ...(outcome?.status === 'SUCCESS' ? { result: outcome.value } : {}),
    ...(outcome?.status === 'FAILURE' ? { error: errorView(outcome.failure) } : {}),
    ...(outcome?.status === 'REVOKED' ? { error: { type: 'Revoked', message: outcome.reason } } : {}),
    ...(outcome?.cascaded ? { cascaded: true } : {}),
    attempts: attempts.attempts(where.workflowId, where.nodeId),
  };
}

/** The error to show: the thrown error's own name, the message, and the stack of where it was thrown (the root cause). */
function errorView(failure: FailureData): ErrorView {
  let origin = failure;
  while (origin.cause && !origin.remoteStack) origin = origin.cause;
  const stack = origin.remoteStack;
  return { type: failure.errorName ?? failure.type, message: failure.message, ...(stack ? { stack } : {}) };
}
