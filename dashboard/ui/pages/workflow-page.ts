import { ApiFailure, enc, getJSON, postJSON } from '../api.js';
import { h, mount } from '../dom.js';
import { collapse, countStates, summaryState, type GraphView } from '../graph/collapse.js';
import { draw, summaryMeta, taskMeta, type Drawn } from '../graph/draw.js';
import { place } from '../graph/layout.js';
import { listen } from '../live.js';
import { showNode } from '../node-panel.js';
import type { DashboardMeta, GraphNode, LiveMessage, NodeChange, NodeState, WorkflowGraph } from '../../wire.js';

const ENDED: ReadonlySet<NodeState> = new Set(['SUCCESS', 'FAILURE', 'REVOKED']);
/** Node elements updated per animation frame at most. */
const PER_FRAME = 250;

/** `/workflows/:id`: the canvas as a graph, updated live, with a panel for the clicked task and the actions. */
export async function workflowPage(root: HTMLElement, id: string, meta: DashboardMeta): Promise<() => void> {
  const badge = h('span', { class: 'badge', id: 'workflow-state' });
  const counts = h('span', { class: 'counts muted' });
  const status = h('span', { class: 'status muted', role: 'status' });
  const terminate = h('input', { type: 'checkbox', id: 'terminate' });
  const revoke = h('button', { type: 'button', id: 'revoke', class: 'danger' }, 'Revoke');
  const retry = h('button', { type: 'button', id: 'retry' }, 'Retry');
  const wrap = h('div', { class: 'graph-wrap', id: 'graph' });
  const panel = h('aside', { class: 'panel', id: 'node-panel', hidden: true });
  mount(
    root,
    h(
      'header',
      { class: 'page-head' },
      h('h1', {}, 'Workflow ', h('code', {}, id)),
      badge,
      counts,
      h(
        'div',
        { class: 'actions' },
        meta.capabilities.terminate ? h('label', { class: 'check' }, terminate, ' terminate running tasks') : null,
        revoke,
        meta.capabilities.retry ? retry : null,
        status,
      ),
    ),
    h('div', { class: 'workflow-body' }, wrap, panel),
  );

  let graph: WorkflowGraph;
  try {
    graph = await getJSON<WorkflowGraph>(`/api/workflows/${enc(id)}`);
  } catch (error) {
    mount(wrap, h('p', { class: 'error' }, (error as Error).message));
    return () => undefined;
  }
  const nodes = new Map<string, GraphNode>();
  const expanded = new Set<string>();
  let view: GraphView;
  let drawn: Drawn;
  let state: NodeState = graph.state;

  const summaryStates = (members: readonly string[]) => {
    const states = members.map((m) => nodes.get(m)!.state);
    return { state: summaryState(states), meta: summaryMeta(states) };
  };
  const showState = () => {
    badge.textContent = state;
    badge.dataset.state = state;
    badge.className = `badge state-${state}`;
    const c = countStates([...nodes.values()].map((n) => n.state));
    counts.textContent = `${nodes.size} tasks · ${c.SUCCESS} succeeded · ${c.STARTED + c.RETRY} running · ${c.FAILURE} failed · ${c.REVOKED} revoked · ${c.PENDING} pending`;
    revoke.disabled = ENDED.has(state);
    retry.disabled = !(state === 'FAILURE' || state === 'REVOKED');
  };
  const render = () => {
    for (const n of graph.nodes) nodes.set(n.id, { ...n });
    view = collapse(graph, expanded);
    drawn = draw(view, place(view), (summary) => summaryStates(summary.members));
    mount(wrap, drawn.svg);
    state = graph.state;
    showState();
  };
  render();

  const apply = (changes: readonly NodeChange[]) => {
    const touched = new Set<string>();
    for (const change of changes) {
      const node = nodes.get(change.id);
      // Unchanged nodes come too (a full resync when the stream starts): touching their elements would cost a relayout.
      if (!node || (node.state === change.state && node.attempt === change.attempt && node.runtimeMs === change.runtimeMs)) continue;
      const next: GraphNode = { ...node, state: change.state, attempt: change.attempt, ...(change.runtimeMs === undefined ? {} : { runtimeMs: change.runtimeMs }) };
      nodes.set(change.id, next);
      const el = drawn.elements.get(change.id);
      if (el) {
        el.setAttribute('data-state', next.state);
        const line = el.querySelector('.meta');
        if (line) line.textContent = taskMeta(next);
      } else {
        const summary = view.summaryOf.get(change.id);
        if (summary) touched.add(summary);
      }
    }
    for (const summaryId of touched) {
      const node = view.nodes.find((n) => n.id === summaryId);
      const el = drawn.elements.get(summaryId);
      if (!node || node.kind !== 'summary' || !el) continue;
      const now = summaryStates(node.members);
      el.setAttribute('data-state', now.state);
      const line = el.querySelector('.meta');
      if (line) line.textContent = now.meta;
    }
  };
  let reloading = false;
  let again = false;
  const reload = async (): Promise<void> => {
    // One read at a time; a reload asked for meanwhile runs once after it, so no change is left out.
    if (reloading) {
      again = true;
      return;
    }
    reloading = true;
    try {
      graph = await getJSON<WorkflowGraph>(`/api/workflows/${enc(id)}`);
      render();
    } finally {
      reloading = false;
      if (again) {
        again = false;
        void reload();
      }
    }
  };
  // Element updates are spread over frames, a slice per frame (the latest state of a node wins), so that
  // thousands of tasks changing at once never hold the page for more than a frame or two.
  const queued = new Map<string, NodeChange>();
  let pumping = false;
  const pump = () => {
    const slice: NodeChange[] = [];
    for (const [key, change] of queued) {
      if (slice.length >= PER_FRAME) break;
      slice.push(change);
      queued.delete(key);
    }
    apply(slice);
    if (queued.size > 0) requestAnimationFrame(pump);
    else pumping = false;
  };
  const onBatch = (messages: LiveMessage[]) => {
    let needsReload = false;
    for (const message of messages) {
      if (message.type !== 'graph' || message.workflowId !== id) continue;
      state = message.state;
      // A node this page has not drawn (a replacement that started before the page subscribed): read the graph again.
      if (message.reload || message.changes.some((change) => !nodes.has(change.id))) needsReload = true;
      else for (const change of message.changes) queued.set(change.id, change);
    }
    showState();
    if (needsReload) {
      queued.clear();
      void reload();
    } else if (queued.size > 0 && !pumping) {
      pumping = true;
      pump();
    }
  };
  const stop = listen(`?workflow=${enc(id)}`, onBatch);

  wrap.addEventListener('click', (event) => {
    const target = event.target as Element;
    const summary = target.closest('[data-summary]');
    if (summary) {
      expanded.add(summary.getAttribute('data-summary')!);
      render();
      return;
    }
    const task = target.closest('[data-node-id]');
    if (task) {
      for (const el of wrap.querySelectorAll('.selected')) el.classList.remove('selected');
      task.classList.add('selected');
      void showNode(panel, id, task.getAttribute('data-node-id')!);
    }
  });
  wrap.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.target as Element).closest('.node')) (event.target as HTMLElement).dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
  const act = async (button: HTMLButtonElement, path: string, body: unknown, done: string) => {
    button.disabled = true;
    status.textContent = '';
    try {
      await postJSON(`/api/workflows/${enc(id)}/${path}`, body);
      status.textContent = done;
      await reload();
    } catch (error) {
      status.textContent = error instanceof ApiFailure ? error.message : String(error);
      button.disabled = false;
    }
  };
  revoke.addEventListener('click', () => void act(revoke, 'revoke', { terminate: terminate.checked }, 'Revoked'));
  retry.addEventListener('click', () => void act(retry, 'retry', {}, 'Retrying'));
  return stop;
}
