import { getJSON } from '../api.js';
import { h, mount } from '../dom.js';
import { ago, duration } from '../format.js';
import type { WorkerRow } from '../../wire.js';

/** `/workers`: workers online, with their heartbeat age and active tasks, refreshed every 2 s. */
export async function workersPage(root: HTMLElement): Promise<() => void> {
  const body = h('tbody');
  const note = h('p', { class: 'muted' });
  mount(
    root,
    h('header', { class: 'page-head' }, h('h1', {}, 'Workers')),
    h('table', { class: 'list', id: 'workers' }, h('thead', {}, h('tr', {}, ...['id', 'host', 'pid', 'queues', 'concurrency', 'active', 'processed', 'heartbeat', 'up'].map((t) => h('th', {}, t)))), body),
    note,
  );
  const load = async () => {
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
