import { s } from '../dom.js';
import { duration } from '../format.js';
import type { GraphNode, NodeState } from '../../wire.js';
import { countStates, type GraphView, type ViewNode } from './collapse.js';
import type { Placed } from './layout.js';

const LABEL: Readonly<Record<NodeState, string>> = {
  PENDING: 'pending',
  STARTED: 'running',
  RETRY: 'retrying',
  SUCCESS: 'succeeded',
  FAILURE: 'failed',
  REVOKED: 'revoked',
};

export function stateLabel(state: NodeState): string {
  return LABEL[state];
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The second line of a task: its state, and the attempt when it is not the first. A callback not run says when it would. */
export function taskMeta(node: Pick<GraphNode, 'state' | 'attempt' | 'role' | 'runtimeMs'>): string {
  if (node.state === 'PENDING' && node.role === 'link') return 'runs on success';
  if (node.state === 'PENDING' && node.role === 'errback') return 'runs on failure';
  const ran = node.runtimeMs === undefined || node.state === 'STARTED' ? '' : ` · ${duration(node.runtimeMs)}`;
  return `${LABEL[node.state]}${node.attempt > 1 ? ` · attempt ${node.attempt}` : ''}${ran}`;
}

/** The second line of a summary: how many of its tasks are in each state. */
export function summaryMeta(states: Iterable<NodeState>): string {
  const c = countStates(states);
  const parts = [`${c.SUCCESS} ok`, c.STARTED + c.RETRY > 0 ? `${c.STARTED + c.RETRY} running` : '', c.FAILURE > 0 ? `${c.FAILURE} failed` : '', c.REVOKED > 0 ? `${c.REVOKED} revoked` : '', c.PENDING > 0 ? `${c.PENDING} pending` : ''];
  return parts.filter(Boolean).join(' · ');
}

export interface Drawn {
  readonly svg: SVGSVGElement;
  /** The element of each drawn node, by view id (a task id, or a summary's). */
  readonly elements: ReadonlyMap<string, SVGGElement>;
}

/**
 * Draws the placed view as SVG: one `<g class="node">` per node with its task name as text and its state in
 * `data-state`, edges as paths under them. Every string goes in as a text node.
 */
export function draw(view: GraphView, placed: Placed, summaryStates: (node: ViewNode & { kind: 'summary' }) => { state: NodeState; meta: string }): Drawn {
  const svg = s('svg', { class: 'graph', width: Math.ceil(placed.width), height: Math.ceil(placed.height), viewBox: `0 0 ${Math.ceil(placed.width)} ${Math.ceil(placed.height)}` });
  const defs = s('defs');
  for (const kind of ['next', 'join', 'link', 'errback', 'replace']) {
    defs.append(s('marker', { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', class: `arrow ${kind}` }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z' })));
  }
  svg.append(defs);
  const edgeLayer = s('g', { class: 'edges' });
  for (const edge of placed.edges) {
    if (edge.points.length === 0) continue;
    const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    edgeLayer.append(s('path', { class: `edge ${edge.kind}`, d, 'marker-end': `url(#arrow-${edge.kind})` }));
  }
  svg.append(edgeLayer);
  const nodeLayer = s('g', { class: 'nodes' });
  const elements = new Map<string, SVGGElement>();
  for (const node of view.nodes) {
    const box = placed.boxes.get(node.id);
    if (!box) continue;
    const at = `translate(${box.x.toFixed(1)},${box.y.toFixed(1)})`;
    if (node.kind === 'junction') {
      nodeLayer.append(s('circle', { class: 'junction', cx: box.x + box.width / 2, cy: box.y + box.height / 2, r: 4 }));
      continue;
    }
    if (node.kind === 'task') {
      const { taskName, state, role } = node.node;
      const g = s(
        'g',
        { class: `node task role-${role}`, transform: at, 'data-node-id': node.id, 'data-state': state, tabindex: 0, role: 'button' },
        s('title', {}, `${taskName} (${node.id})`),
        s('rect', { width: box.width, height: box.height, rx: 6 }),
        s('text', { class: 'name', x: 10, y: 17 }, clip(taskName, 22)),
        s('text', { class: 'meta', x: 10, y: 33 }, taskMeta(node.node)),
      );
      elements.set(node.id, g);
      nodeLayer.append(g);
      continue;
    }
    const { state, meta } = summaryStates(node);
    const g = s(
      'g',
      { class: 'node summary', transform: at, 'data-summary': node.container, 'data-state': state, tabindex: 0, role: 'button' },
      s('title', {}, `${node.label}: click to show every task`),
      s('rect', { class: 'stack', x: 4, y: -4, width: box.width, height: box.height, rx: 8 }),
      s('rect', { width: box.width, height: box.height, rx: 8 }),
      s('text', { class: 'name', x: 10, y: 19 }, clip(node.label, 26)),
      s('text', { class: 'meta', x: 10, y: 35 }, meta),
      s('text', { class: 'hint', x: 10, y: 50 }, 'click to expand'),
    );
    elements.set(node.id, g);
    nodeLayer.append(g);
  }
  svg.append(nodeLayer);
  return { svg, elements };
}
