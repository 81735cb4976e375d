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
  g.setGraph({ rankdir: 'LR', nodesep: 12, ranksep: 54, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of view.nodes) g.setNode(node.id, { ...SIZES[node.kind] });
  for (const edge of view.edges) {
    const side = edge.kind === 'link' || edge.kind === 'errback';
    g.setEdge(edge.from, edge.to, { weight: side ? 1 : 4, minlen: 1 });
  }
  layout(g);
  const boxes = new Map<string, Box>();
  for (const id of g.nodes()) {
    const n = g.node(id);
    boxes.set(id, { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height });
  }
  const edges = view.edges.map((edge) => ({ ...edge, points: g.edge(edge.from, edge.to)?.points ?? [] }));
  const size = g.graph();
  return { boxes, edges, width: size.width ?? 0, height: size.height ?? 0 };
}
