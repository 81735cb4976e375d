import { enc, getJSON } from './api.js';
import { h, mount } from './dom.js';
import { duration, json, time } from './format.js';
import { stateLabel } from './graph/draw.js';
import type { NodeDetail } from '../wire.js';

/** Shows one task in the side panel: what it was given, what it returned or threw (with the stack), its attempts. */
export async function showNode(panel: HTMLElement, workflowId: string, nodeId: string): Promise<void> {
  panel.hidden = false;
  mount(panel, h('p', { class: 'muted' }, 'Loading…'));
  let detail: NodeDetail;
  try {
    detail = await getJSON<NodeDetail>(`/api/workflows/${enc(workflowId)}/nodes/${enc(nodeId)}`);
  } catch (error) {
    mount(panel, h('p', { class: 'error' }, (error as Error).message));
    return;
  }
  const close = h('button', { class: 'close', type: 'button', 'aria-label': 'Close', onclick: () => (panel.hidden = true) }, '×');
  const attempts = detail.attempts.length
    ? h(
        'table',
        { class: 'attempts' },
        h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'state'), h('th', {}, 'started'), h('th', {}, 'ran'), h('th', {}, 'worker'))),
        h(
          'tbody',
          {},
          ...detail.attempts.map((a) =>
            h(
              'tr',
              {},
              h('td', {}, a.attempt),
              h('td', {}, stateLabel(a.state)),
              h('td', {}, time(a.startedAt)),
              h('td', {}, a.runtimeMs === undefined ? '–' : duration(a.runtimeMs)),
              h('td', {}, [a.workerId, a.hostname].filter(Boolean).join(' @ ') || '–'),
            ),
          ),
        ),
      )
    : h('p', { class: 'muted' }, detail.attempt > 0 ? `${detail.attempt} attempt(s); timings and workers come from the event stream` : 'Not started yet');
  mount(
    panel,
    close,
    h('h2', { class: 'node-title' }, detail.taskName),
    h('p', {}, h('span', { class: `badge state-${detail.state}`, 'data-state': detail.state }, detail.state), ' ', h('code', {}, detail.id), detail.cascaded ? h('span', { class: 'muted' }, ' (never ran: ended with its workflow)') : null),
    h('h3', {}, 'Arguments'),
    h('pre', { class: 'args' }, json(detail.args)),
    detail.result !== undefined ? h('h3', {}, 'Result') : null,
    detail.result !== undefined ? h('pre', { class: 'result' }, json(detail.result)) : null,
    detail.error ? h('h3', {}, 'Error') : null,
    detail.error ? h('p', { class: 'error-message' }, h('strong', {}, detail.error.type), ': ', detail.error.message) : null,
    detail.error?.stack ? h('pre', { class: 'stack' }, detail.error.stack) : null,
    h('h3', {}, 'Attempts'),
    attempts,
  );
}
