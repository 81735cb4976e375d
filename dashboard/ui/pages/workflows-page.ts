import { ApiFailure, enc, getJSON } from '../api.js';
import { h, mount } from '../dom.js';
import { ago, duration } from '../format.js';
import { listen } from '../live.js';
import type { DashboardMeta, WorkflowPage, WorkflowRow } from '../../wire.js';

const STATES = ['', 'PENDING', 'STARTED', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED'];
const SINCE = [['', 'any time'], ['15m', 'last 15 min'], ['1h', 'last hour'], ['6h', 'last 6 h'], ['1d', 'last day'], ['7d', 'last week']];
const WORKFLOW_EVENTS = /^workflow-|^task-failed$/;

function failedTask(row: WorkflowRow): string {
  const f = row.failedNode as { taskName?: string; nodeId?: string } | string | undefined;
  if (f === undefined || f === null) return '';
  if (typeof f === 'string') return f;
  return [f.taskName, f.nodeId].filter(Boolean).join(' ');
}

/** `/`: workflows, newest first, filtered by state, task and time, searched by id; reloaded live as workflows end. */
export async function workflowsPage(root: HTMLElement, meta: DashboardMeta): Promise<() => void> {
  const params = new URLSearchParams(location.search);
  const state = h('select', { name: 'state', id: 'filter-state' }, ...STATES.map((s) => h('option', { value: s, selected: params.get('state') === s }, s || 'any state')));
  const task = h('input', { name: 'task', id: 'filter-task', placeholder: 'task name', value: params.get('task') ?? '' });
  const since = h('select', { name: 'since', id: 'filter-since' }, ...SINCE.map(([v, label]) => h('option', { value: v!, selected: params.get('since') === v }, label!)));
  const search = h('input', { name: 'id', id: 'search-id', placeholder: 'workflow id', value: params.get('id') ?? '' });
  const body = h('tbody');
  const note = h('p', { class: 'muted', id: 'list-note' });
  const prev = h('button', { type: 'button', disabled: true }, '← newer');
  const next = h('button', { type: 'button', disabled: true }, 'older →');
  const form = h('form', { class: 'filters' }, state, task, since, search, h('button', { type: 'submit' }, 'Filter'));
  mount(
    root,
    h('header', { class: 'page-head' }, h('h1', {}, 'Workflows')),
    form,
    h('table', { class: 'list', id: 'workflows' }, h('thead', {}, h('tr', {}, ...['id', 'name', 'state', 'age', 'duration', 'failed task'].map((t) => h('th', {}, t)))), body),
    note,
    h('div', { class: 'pager' }, prev, next),
  );
  const cursors: string[] = [];
  let cursor: string | undefined;
  let nextCursor: string | undefined;

  const query = () => {
    const q = new URLSearchParams();
    if (search.value.trim()) q.set('id', search.value.trim());
    else {
      if (state.value) q.set('state', state.value);
      if (task.value.trim()) q.set('task', task.value.trim());
      if (since.value) q.set('since', since.value);
      if (cursor) q.set('cursor', cursor);
    }
    return q;
  };
  const load = async () => {
    let page: WorkflowPage;
    try {
      page = await getJSON<WorkflowPage>(`/api/workflows?${query().toString()}`);
    } catch (error) {
      mount(body);
      note.textContent = error instanceof ApiFailure && error.status === 501 ? `${error.message}. Search by id still works.` : (error as Error).message;
      return;
    }
    const now = Date.now();
    mount(
      body,
      ...page.items.map((row) =>
        h(
          'tr',
          { 'data-id': row.id },
          h('td', {}, h('a', { href: `/workflows/${enc(row.id)}` }, row.id)),
          h('td', {}, row.name ?? ''),
          h('td', {}, h('span', { class: `badge state-${row.state}`, 'data-state': row.state }, row.state)),
          h('td', {}, ago(row.createdAt, now)),
          h('td', {}, row.createdAt > 0 ? duration((row.endedAt ?? now) - row.createdAt) : '–'),
          h('td', {}, failedTask(row)),
        ),
      ),
    );
    note.textContent = page.items.length === 0 ? 'No workflows match.' : '';
    nextCursor = page.next;
    next.disabled = nextCursor === undefined;
    prev.disabled = cursors.length === 0;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    cursors.length = 0;
    cursor = undefined;
    const shown = query();
    history.replaceState(null, '', shown.toString() ? `/?${shown.toString()}` : '/');
    void load();
  });
  next.addEventListener('click', () => {
    if (nextCursor === undefined) return;
    cursors.push(cursor ?? '');
    cursor = nextCursor;
    void load();
  });
  prev.addEventListener('click', () => {
    const back = cursors.pop();
    cursor = back || undefined;
    void load();
  });
  await load();
  if (!meta.capabilities.events) {
    const timer = setInterval(() => cursors.length === 0 && void load(), 3000);
    return () => clearInterval(timer);
  }
  // On the first page, a workflow that starts or ends reloads the list (at most once a second).
  let last = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const stop = listen('', (batch) => {
    if (cursors.length > 0 || !batch.some((m) => m.type === 'events' && m.events.some((e) => WORKFLOW_EVENTS.test(e.type)))) return;
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      last = Date.now();
      void load();
    }, Math.max(0, 1000 - (Date.now() - last)));
  });
  return () => {
    stop();
    clearTimeout(pending);
  };
}
