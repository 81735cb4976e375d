import { Graph, layout } from '@dagrejs/dagre';
import type { EdgeKind } from '../../wire.js';
import type { GraphView, ViewNode } from './collapse.js';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly points: readonly { x: number; y: number }[];
}

export interface Placed {
  readonly boxes: ReadonlyMap<string, Box>;
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

export const SIZES: Readonly<Record<ViewNode['kind'], { width: number; height: number }>> = {
  task: { width: 168, height: 42 },
  summary: { width: 210, height: 58 },
  junction: { width: 10, height: 10 },
};

/**
 * Lays the view out with dagre, left to right: a chain's steps in successive columns, a group's members (and a
 * chord's header) stacked as parallel lanes in one column, joining into the chord's body in the next.
 * Callbacks (links, errbacks) hang off the node they follow; they weigh less, so they bend around the flow.
 */
export function place(view: GraphView): Placed {
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: RANK_GAP, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  // A block's tasks are one node for dagre, as large as its rows; they are placed inside it afterwards.
  const inBlock = new Map<string, string>();
  for (const block of view.blocks) {
    for (const row of block.rows) for (const id of row) inBlock.set(id, `block:${block.id}`);
    const longest = Math.max(...block.rows.map((r) => r.length));
    g.setNode(`block:${block.id}`, { width: longest * (SIZES.task.width + RANK_GAP) - RANK_GAP, height: block.rows.length * (SIZES.task.height + NODE_GAP) - NODE_GAP });
  }
  const laid = (id: string) => inBlock.get(id) ?? id;
  for (const node of view.nodes) if (!inBlock.has(node.id)) g.setNode(node.id, { ...SIZES[node.kind] });
  for (const edge of view.edges) {
    const from = laid(edge.from);
    const to = laid(edge.to);
    if (from === to) continue;
    const side = edge.kind === 'link' || edge.kind === 'errback';
    g.setEdge(from, to, { weight: side ? 1 : 4, minlen: 1 });
  }
  layout(g);
  const boxes = new Map<string, Box>();
  for (const id of g.nodes()) {
    const n = g.node(id);
    boxes.set(id, { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height });
  }
  for (const block of view.blocks) {
    const area = boxes.get(`block:${block.id}`)!;
    block.rows.forEach((row, r) =>
      row.forEach((id, c) => boxes.set(id, { x: area.x + c * (SIZES.task.width + RANK_GAP), y: area.y + r * (SIZES.task.height + NODE_GAP), ...SIZES.task })),
    );
  }
  const edges = view.edges.map((edge) => {
    const direct = inBlock.has(edge.from) || inBlock.has(edge.to);
    return { ...edge, points: direct ? straight(boxes.get(edge.from), boxes.get(edge.to)) : (g.edge(edge.from, edge.to)?.points ?? []) };
  });
  const size = g.graph();
  return { boxes, edges, width: size.width ?? 0, height: size.height ?? 0 };
}

const NODE_GAP = 12;
const RANK_GAP = 54;

/** From the right side of one box to the left side of the next. */
function straight(from: Box | undefined, to: Box | undefined): { x: number; y: number }[] {
  if (!from || !to) return [];
  return [
    { x: from.x + from.width, y: from.y + from.height / 2 },
    { x: to.x, y: to.y + to.height / 2 },
  ];
}
