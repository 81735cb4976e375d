import { enc, getJSON, postJSON } from '../api.js';
import { h, mount } from '../dom.js';
import type { DashboardMeta, QueueRow } from '../../wire.js';

/** `/queues`: task counts per queue, pause/resume, and purge behind a second click that says what it drops. */
export async function queuesPage(root: HTMLElement, meta: DashboardMeta): Promise<() => void> {
  const body = h('tbody');
  const note = h('p', { class: 'muted', role: 'status' });
  mount(
    root,
    h('header', { class: 'page-head' }, h('h1', {}, 'Queues')),
    h('table', { class: 'list', id: 'queues' }, h('thead', {}, h('tr', {}, ...['queue', 'waiting', 'active', 'delayed', 'paused', ''].map((t) => h('th', {}, t)))), body),
    note,
  );
  const act = async (queue: string, action: 'pause' | 'resume' | 'purge') => {
    try {
      await postJSON(`/api/queues/${enc(queue)}/${action}`);
      note.textContent = `${queue}: ${action}d`;
    } catch (error) {
      note.textContent = (error as Error).message;
    }
    await load();
  };
  const actions = (q: QueueRow) => {
    const cell = h('td', { class: 'actions' });
    if (meta.capabilities.pause) {
      cell.append(h('button', { type: 'button', onclick: () => void act(q.name, q.paused ? 'resume' : 'pause') }, q.paused ? 'Resume' : 'Pause'));
    }
    if (meta.capabilities.purge) {
      const purge = h('button', { type: 'button', class: 'danger' }, 'Purge');
      purge.addEventListener('click', () => {
        if (purge.dataset.armed) return void act(q.name, 'purge');
        purge.dataset.armed = '1';
        purge.textContent = `Drop ${q.waiting + q.delayed} waiting tasks? Click again`;
        setTimeout(() => {
          delete purge.dataset.armed;
          purge.textContent = 'Purge';
        }, 5000);
      });
      cell.append(purge);
    }
    return cell;
  };
  let armed = false;
  const load = async () => {
    // A purge waiting for its second click is not redrawn away.
    armed = body.querySelector('[data-armed]') !== null;
    if (armed) return;
    try {
      const rows = await getJSON<QueueRow[]>('/api/queues');
      mount(
        body,
        ...rows.map((q) => h('tr', { 'data-queue': q.name }, h('td', {}, q.name), h('td', {}, q.waiting), h('td', {}, q.active), h('td', {}, q.delayed), h('td', {}, q.paused ? 'yes' : 'no'), actions(q))),
      );
      if (rows.length === 0) note.textContent = 'No queue yet.';
    } catch (error) {
      note.textContent = (error as Error).message;
    }
  };
  await load();
  const timer = setInterval(() => void load(), 2000);
  return () => clearInterval(timer);
}
