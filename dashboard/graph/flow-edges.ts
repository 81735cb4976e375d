import type { EdgeKind, GraphEdge } from '../wire.js';

/** The shape of a planned node that data flow depends on (what `AsyncResult.nodes()` gives). */
export interface FlowNode {
  readonly id: string;
  readonly kind: 'task' | 'chain' | 'group' | 'chord';
  readonly parent: string | null;
  readonly role: string;
  readonly index: number;
  readonly trigger: string | null;
}

/** Past this many edges between two sets, they meet in one junction (the container's id) instead of all pairs. */
const MAX_PAIRS = 64;

export interface FlowEdges {
  readonly edges: GraphEdge[];
  /** Children of each container in order (a chord's header first, its body last). */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** Junction points used by `edges` (`<node id>/join` or `/in`): a many-to-many join drawn through one point. */
  readonly junctions: ReadonlySet<string>;
  /** The tasks where data enters a node, and those whose result leaves it. */
  entries(id: string): readonly string[];
  exits(id: string): readonly string[];
}

/**
 * The edges between tasks that a canvas implies: each chain step's last tasks to the next step's first tasks,
 * every chord header task to the body's first tasks, and a node's last tasks to its links and errbacks. An
 * empty group passes its input through, as it does at run time.
 */
export function flowEdges(nodes: readonly FlowNode[]): FlowEdges {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string, FlowNode[]>();
  for (const node of nodes) {
    if (node.parent === null) continue;
    const list = children.get(node.parent) ?? [];
    list.push(node);
    children.set(node.parent, list);
  }
  // A chord's body has index 0 like its first header member: order by role, then index.
  for (const list of children.values()) list.sort((a, b) => Number(a.role === 'body') - Number(b.role === 'body') || a.index - b.index);
  const edges: GraphEdge[] = [];
  const junctions = new Set<string>();
  const connect = (from: readonly string[], to: readonly string[], kind: EdgeKind, junction: string) => {
    if (from.length > 1 && to.length > 1 && from.length * to.length > MAX_PAIRS) {
      junctions.add(junction);
      for (const f of from) edges.push({ from: f, to: junction, kind });
      for (const t of to) edges.push({ from: junction, to: t, kind });
      return;
    }
    for (const f of from) for (const t of to) edges.push({ from: f, to: t, kind });
  };

  const memo = new Map<string, { entries: string[]; exits: string[] }>();
  const ends = (id: string): { entries: string[]; exits: string[] } => {
    const known = memo.get(id);
    if (known) return known;
    const node = byId.get(id);
    const below = children.get(id) ?? [];
    let result: { entries: string[]; exits: string[] };
    if (!node || node.kind === 'task') {
      result = { entries: [id], exits: [id] };
    } else if (node.kind === 'chain') {
      let entries: string[] = [];
      let exits: string[] = [];
      for (const step of below) {
        const e = ends(step.id);
        if (e.entries.length === 0) continue;
        if (exits.length === 0) entries = e.entries;
        else connect(exits, e.entries, 'next', `${step.id}/in`);
        exits = e.exits;
      }
      result = { entries, exits };
    } else if (node.kind === 'group') {
      result = { entries: below.flatMap((m) => ends(m.id).entries), exits: below.flatMap((m) => ends(m.id).exits) };
    } else {
      const header = below.filter((c) => c.role !== 'body');
      const body = below.find((c) => c.role === 'body');
      const bodyEnds = body ? ends(body.id) : { entries: [], exits: [] };
      const headerEntries = header.flatMap((m) => ends(m.id).entries);
      const headerExits = header.flatMap((m) => ends(m.id).exits);
      if (headerExits.length > 0) connect(headerExits, bodyEnds.entries, 'join', `${id}/join`);
      result = { entries: headerEntries.length > 0 ? headerEntries : bodyEnds.entries, exits: bodyEnds.exits };
    }
    memo.set(id, result);
    return result;
  };

  for (const node of nodes) if (node.parent === null) ends(node.id);
  for (const node of nodes) {
    if ((node.role === 'link' || node.role === 'errback') && node.trigger !== null) {
      connect(ends(node.trigger).exits, ends(node.id).entries, node.role, `${node.id}/in`);
    }
  }
  return {
    edges,
    children: new Map([...children].map(([id, list]) => [id, list.map((c) => c.id)])),
    junctions,
    entries: (id) => ends(id).entries,
    exits: (id) => ends(id).exits,
  };
}
