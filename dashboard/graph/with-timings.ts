import type { AttemptLog } from '../attempt-log.js';
import type { WorkflowGraph } from '../wire.js';
import { locateNode } from './build-graph.js';

/** The graph with each task's last run time, where the event stream told it. */
export function withTimings(graph: WorkflowGraph, attempts: AttemptLog): WorkflowGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const where = locateNode(graph.id, node.id);
      const runtimeMs = attempts.attempts(where.workflowId, where.nodeId).at(-1)?.runtimeMs;
      return runtimeMs === undefined ? node : { ...node, runtimeMs };
    }),
  };
}
