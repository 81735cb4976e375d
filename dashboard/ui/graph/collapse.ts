import type { EdgeKind, GraphNode, NodeState, WorkflowGraph } from '../../wire.js';

/** A group or chord header with more members than this is drawn as one summary node until expanded. */
export const COLLAPSE_ABOVE = 50;

export type ViewNode =
  | { readonly kind: 'task'; readonly id: string; readonly node: GraphNode }
  | { readonly kind: 'summary'; readonly id: string; readonly container: string; readonly members: readonly string[]; readonly label: string }
  | { readonly kind: 'junction'; readonly id: string };

export interface ViewEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
}

/** An expanded large group whose members are single tasks or chains of tasks: drawn as rows, one per member. */
export interface Block {
  readonly id: string;
  readonly rows: readonly (readonly string[])[];
}

export interface GraphView {
  readonly nodes: readonly ViewNode[];
  /** Laid out as plain rows rather than by the layout library, which takes seconds on a thousand lanes. */
  readonly blocks: readonly Block[];
  readonly edges: readonly ViewEdge[];
  /** The summary node that stands for each hidden task. */
  readonly summaryOf: ReadonlyMap<string, string>;
}

/**
 * What to draw: the graph with every large group (and chord header) that is not in `expanded` folded into a
 * summary node, and the edges between what is left, each once. An outer fold hides inner ones; a chord's body
 * stays visible when its header folds.
 */
export function collapse(graph: WorkflowGraph, expanded: ReadonlySet<string>, limit = COLLAPSE_ABOVE): GraphView {
  const containers = new Map(graph.containers.map((c) => [c.id, c]));
  const tasks = new Map(graph.nodes.map((n) => [n.id, n]));
  const folds = new Set<string>();
  for (const c of graph.containers) {
    const members = c.kind === 'chord' ? c.children.length - 1 : c.kind === 'group' ? c.children.length : 0;
    if (members > limit && !expanded.has(c.id)) folds.add(c.id);
  }
  const parentOf = (id: string): string | null => {
    const own = tasks.get(id)?.parent ?? containers.get(id)?.parent ?? null;
    if (own !== null) return own;
    // The root of a replacement hangs below the task it replaced (`<task>~<root>`).
    const cut = id.lastIndexOf('~');
    return cut < 0 ? null : id.slice(0, cut);
  };
  const bodyOf = (id: string) => {
    const c = containers.get(id);
    return c?.kind === 'chord' ? c.children.at(-1) : undefined;
  };
  const memo = new Map<string, string>();
  /** The outermost fold hiding `id`, as its summary id, or `id` itself. */
  const representative = (id: string): string => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    let found = id;
    let below = id;
    for (let up = parentOf(id); up !== null; below = up, up = parentOf(up)) {
      if (folds.has(up) && bodyOf(up) !== below) found = `${up}#members`;
    }
    memo.set(id, found);
    return found;
  };
  const junctionBase = (id: string) => id.replace(/\/(join|in)$/, '');

  const nodes: ViewNode[] = [];
  const summaries = new Map<string, string[]>();
  const summaryOf = new Map<string, string>();
  for (const node of graph.nodes) {
    const rep = representative(node.id);
    if (rep === node.id) {
      nodes.push({ kind: 'task', id: node.id, node });
    } else {
      summaryOf.set(node.id, rep);
      const list = summaries.get(rep) ?? [];
      list.push(node.id);
      summaries.set(rep, list);
    }
  }
  for (const [id, members] of summaries) {
    const names = new Set(members.map((m) => tasks.get(m)!.taskName));
    const label = names.size === 1 ? `${members.length} × ${[...names][0]}` : `${members.length} tasks`;
    nodes.push({ kind: 'summary', id, container: id.slice(0, -'#members'.length), members, label });
  }
  const junctionRep = new Map<string, string>();
  for (const j of graph.junctions) {
    const rep = representative(junctionBase(j));
    const hidden = rep !== junctionBase(j);
    junctionRep.set(j, hidden ? rep : j);
    if (!hidden) nodes.push({ kind: 'junction', id: j });
  }
  const rep = (id: string) => junctionRep.get(id) ?? representative(id);
  const seen = new Set<string>();
  const edges: ViewEdge[] = [];
  for (const edge of graph.edges) {
    const from = rep(edge.from);
    const to = rep(edge.to);
    const key = `${from}\u0000${to}\u0000${edge.kind}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    edges.push({ from, to, kind: edge.kind });
  }
  return { nodes, edges, summaryOf, blocks: blocksOf(graph, expanded, limit) };
}

/** The expanded large groups (and chord headers) whose members are each a task or a chain of tasks, none replaced. */
function blocksOf(graph: WorkflowGraph, expanded: ReadonlySet<string>, limit: number): Block[] {
  const containers = new Map(graph.containers.map((c) => [c.id, c]));
  const tasks = new Set(graph.nodes.map((n) => n.id));
  const replaced = new Set(graph.nodes.flatMap((n) => (n.replaces === undefined ? [] : [n.replaces])));
  const plain = (id: string) => tasks.has(id) && !replaced.has(id);
  const blocks: Block[] = [];
  for (const c of graph.containers) {
    if (!expanded.has(c.id) || (c.kind !== 'group' && c.kind !== 'chord')) continue;
    const members = c.kind === 'chord' ? c.children.slice(0, -1) : c.children;
    if (members.length <= limit) continue;
    const rows: string[][] = [];
    for (const member of members) {
      const chain = containers.get(member);
      if (plain(member)) rows.push([member]);
      else if (chain?.kind === 'chain' && chain.children.every(plain)) rows.push([...chain.children]);
      else break;
    }
    if (rows.length === members.length) blocks.push({ id: c.id, rows });
  }
  return blocks;
}

/** One state for many tasks: failed if one failed, running while any runs or some are still to run, else their common end. */
export function summaryState(states: Iterable<NodeState>): NodeState {
  const counts = countStates(states);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (counts.FAILURE > 0) return 'FAILURE';
  if (counts.STARTED > 0 || counts.RETRY > 0) return counts.STARTED > 0 ? 'STARTED' : 'RETRY';
  if (counts.PENDING === total) return 'PENDING';
  if (counts.SUCCESS === total) return 'SUCCESS';
  if (counts.PENDING === 0) return 'REVOKED';
  return 'STARTED';
}

export function countStates(states: Iterable<NodeState>): Record<NodeState, number> {
  const counts: Record<NodeState, number> = { PENDING: 0, STARTED: 0, RETRY: 0, SUCCESS: 0, FAILURE: 0, REVOKED: 0 };
  for (const state of states) counts[state]++;
  return counts;
}
