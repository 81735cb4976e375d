import { enc, getJSON } from '../api.js';
import { h, mount } from '../dom.js';
import { ago, duration } from '../format.js';
import type { ActiveRow, DashboardMeta, WorkerRow } from '../../wire.js';

/** `/workers`: workers online, with their heartbeat age and the tasks they run, refreshed every 2 s. */
export async function workersPage(root: HTMLElement, meta: DashboardMeta): Promise<() => void> {
  const body = h('tbody');
  const running = h('tbody');
  const note = h('p', { class: 'muted' });
  mount(
    root,
    h('header', { class: 'page-head' }, h('h1', {}, 'Workers')),
    h('table', { class: 'list', id: 'workers' }, h('thead', {}, h('tr', {}, ...['id', 'host', 'pid', 'queues', 'concurrency', 'active', 'processed', 'heartbeat', 'up'].map((t) => h('th', {}, t)))), body),
    note,
    meta.capabilities.active ? h('h2', {}, 'Running now') : null,
    meta.capabilities.active
      ? h('table', { class: 'list', id: 'active' }, h('thead', {}, h('tr', {}, ...['task', 'workflow', 'node', 'attempt', 'worker', 'running for'].map((t) => h('th', {}, t)))), running)
      : null,
  );
  const loadActive = async () => {
    if (!meta.capabilities.active) return;
    const rows = await getJSON<ActiveRow[]>('/api/active');
    const now = Date.now();
    mount(
      running,
      ...rows.map((a) =>
        h(
          'tr',
          {},
          h('td', {}, a.taskName),
          h('td', {}, h('a', { href: `/workflows/${enc(a.workflowId.split('~')[0]!)}` }, a.workflowId)),
          h('td', {}, a.nodeId),
          h('td', {}, a.attempt),
          h('td', {}, a.workerId),
          h('td', {}, duration(now - a.startedAt)),
        ),
      ),
    );
  };
  const load = async () => {
    void loadActive().catch(() => undefined);
    try {
      const rows = await getJSON<WorkerRow[]>('/api/workers');
      const now = Date.now();
      mount(
        body,
        ...rows.map((w) =>
          h(
            'tr',
            { 'data-id': w.id },
            h('td', {}, w.id),
            h('td', {}, w.hostname ?? ''),
            h('td', {}, w.pid ?? ''),
            h('td', {}, (w.queues ?? []).join(', ')),
            h('td', {}, w.concurrency ?? ''),
            h('td', {}, w.active ?? ''),
            h('td', {}, w.processed ?? ''),
            h('td', {}, ago(w.lastHeartbeatAt, now)),
            h('td', {}, w.startedAt ? duration(now - w.startedAt) : ''),
          ),
        ),
      );
      note.textContent = rows.length === 0 ? 'No worker online.' : '';
    } catch (error) {
      note.textContent = (error as Error).message;
    }
  };
  await load();
  const timer = setInterval(() => void load(), 2000);
  return () => clearInterval(timer);
}
