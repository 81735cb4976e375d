import type { WorkflowSnapshot } from '../source.js';
import type { GraphContainer, GraphEdge, GraphNode, WorkflowGraph } from '../wire.js';
import { flowEdges } from './flow-edges.js';

/**
 * The graph of a workflow: its tasks, the edges data flows along, and its chains, groups and chords. A task
 * that replaced itself (`ctx.replace`) is followed by the canvas that replaced it, drawn in place: edges into the
 * replacement's first tasks, and the task's own successors fed from the replacement's last tasks (its result is
 * theirs). `replacementOf` gives that canvas for a task id of the graph, if any.
 */
export function buildGraph(root: WorkflowSnapshot, replacementOf: (taskId: string) => WorkflowSnapshot | undefined): WorkflowGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const containers: GraphContainer[] = [];
  const junctions: string[] = [];

  /** Adds one workflow's part under `prefix`; returns the ids where data enters and leaves it. */
  const addLayer = (snapshot: WorkflowSnapshot, prefix: string, replaces: string | undefined): { entries: string[]; exits: string[] } => {
    const id = (local: string) => `${prefix}${local}`;
    const flow = flowEdges(snapshot.nodes);
    const layerEdges = flow.edges.map((e) => ({ from: id(e.from), to: id(e.to), kind: e.kind }));
    for (const j of flow.junctions) junctions.push(id(j));
    for (const node of snapshot.nodes) {
      if (node.kind === 'task') {
        nodes.push({
          id: id(node.id),
          taskName: node.task ?? '?',
          state: node.state,
          attempt: node.attempt,
          parent: node.parent === null ? null : id(node.parent),
          role: node.role,
          ...(replaces === undefined ? {} : { replaces }),
        });
      } else {
        containers.push({ id: id(node.id), kind: node.kind, parent: node.parent === null ? null : id(node.parent), children: (flow.children.get(node.id) ?? []).map(id) });
      }
    }
    for (const node of snapshot.nodes) {
      if (node.kind !== 'task') continue;
      const taskId = id(node.id);
      const child = replacementOf(taskId);
      if (!child) continue;
      const inner = addLayer(child, `${taskId}~`, taskId);
      for (const entry of inner.entries) edges.push({ from: taskId, to: entry, kind: 'replace' });
      if (inner.exits.length === 0) continue;
      // The task's result is its replacement's: its successors are fed from the replacement's last tasks.
      for (let i = layerEdges.length - 1; i >= 0; i--) {
        const edge = layerEdges[i]!;
        if (edge.from !== taskId) continue;
        layerEdges.splice(i, 1, ...inner.exits.map((exit) => ({ from: exit, to: edge.to, kind: edge.kind })));
      }
    }
    edges.push(...layerEdges);
    const rootNode = snapshot.nodes.find((n) => n.parent === null && n.role === 'root');
    return rootNode ? { entries: flow.entries(rootNode.id).map(id), exits: flow.exits(rootNode.id).map(id) } : { entries: [], exits: [] };
  };

  addLayer(root, '', undefined);
  return { id: root.id, state: root.state, nodes, edges, containers, junctions };
}

/**
 * Where a node of a graph lives: the workflow that planned it and its id there. A node `r.1~r.0` is node `r.0`
 * of workflow `<id>~r.1`, the workflow that replaced task `r.1` (`ctx.replace` derives that id).
 */
export function locateNode(workflowId: string, graphNodeId: string): { workflowId: string; nodeId: string } {
  const cut = graphNodeId.lastIndexOf('~');
  if (cut < 0) return { workflowId, nodeId: graphNodeId };
  return { workflowId: `${workflowId}~${graphNodeId.slice(0, cut)}`, nodeId: graphNodeId.slice(cut + 1) };
}
