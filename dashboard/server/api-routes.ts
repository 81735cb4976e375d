import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { TaskState } from '../../engine/ports/outcome.js';
import type { GraphLoader } from '../graph/load-graph.js';
import { withTimings } from '../graph/with-timings.js';
import type { LiveHub } from '../live-hub.js';
import { capabilitiesOf, type DashboardSource, type WorkflowQuery } from '../source.js';
import type { DashboardMeta, WorkflowPage } from '../wire.js';
import { nodeDetail } from './node-detail.js';

const STATES: ReadonlySet<string> = new Set(['PENDING', 'STARTED', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED']);

function unavailable(c: Context, what: string, needs: string) {
  return c.json({ error: `${what} needs ${needs}, which this app does not offer` }, 501);
}

/** `1h`, `30m`, `2d`, or an ISO date: the start of a time filter. */
function parseSince(raw: string, now: number): Date | undefined {
  const relative = /^(\d+)([smhd])$/.exec(raw);
  if (relative) return new Date(now - Number(relative[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[relative[2] as 's' | 'm' | 'h' | 'd']);
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The JSON API: `GET` reads, `POST` acts (the guard in front checks that actions are same-origin JSON). */
export function apiRoutes(source: DashboardSource, graphs: GraphLoader, hub: LiveHub): Hono {
  const api = new Hono();
  const capabilities = capabilitiesOf(source);

  api.get('/meta', (c) => c.json({ driver: source.driver, capabilities } satisfies DashboardMeta));

  api.get('/workflows', async (c) => {
    const q = c.req.query();
    // Search by id works on every app: it reads that one workflow.
    if (q.id) {
      const found = await source.snapshot(q.id);
      const page: WorkflowPage = { items: found ? [{ id: found.id, state: found.state, createdAt: 0 }] : [] };
      return c.json(page);
    }
    if (!source.workflows) return unavailable(c, 'Listing workflows', 'app.workflows()');
    if (q.state && !STATES.has(q.state)) return c.json({ error: `state must be one of ${[...STATES].join(', ')}, got '${q.state}'` }, 400);
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return c.json({ error: `limit must be an integer from 1 to 500, got '${q.limit}'` }, 400);
    const since = q.since ? parseSince(q.since, Date.now()) : undefined;
    if (q.since && !since) return c.json({ error: `since must be like 30m, 1h, 2d or a date, got '${q.since}'` }, 400);
    const query: WorkflowQuery = {
      limit,
      ...(q.state ? { state: q.state as TaskState } : {}),
      ...(q.task ? { task: q.task } : {}),
      ...(since ? { since } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    };
    return c.json(await source.workflows(query));
  });

  api.get('/workflows/:id', async (c) => {
    const graph = await graphs.load(c.req.param('id'));
    return graph ? c.json(withTimings(graph, hub.attempts)) : c.json({ error: `No workflow ${c.req.param('id')} (unknown, or its results expired)` }, 404);
  });

  api.get('/workflows/:id/nodes/:nodeId', async (c) => {
    const detail = await nodeDetail(source, hub.attempts, c.req.param('id'), c.req.param('nodeId'));
    return detail ? c.json(detail) : c.json({ error: `No task ${c.req.param('nodeId')} in workflow ${c.req.param('id')}` }, 404);
  });

  api.post('/workflows/:id/revoke', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { terminate?: unknown };
    const terminate = body.terminate === true;
    if (terminate && !capabilities.terminate) return unavailable(c, 'Revoke with terminate', 'revoke({ terminate: true })');
    if (!(await source.snapshot(c.req.param('id')))) return c.json({ error: `No workflow ${c.req.param('id')}` }, 404);
    await source.revoke(c.req.param('id'), { terminate });
    return c.json({ ok: true });
  });

  api.post('/workflows/:id/retry', async (c) => {
    if (!source.retry) return unavailable(c, 'Retry', 'app.retry()');
    await source.retry(c.req.param('id'));
    return c.json({ ok: true });
  });

  api.get('/workers', async (c) => (source.workers ? c.json(await source.workers()) : unavailable(c, 'The workers list', 'app.inspect.workers()')));
  api.get('/active', async (c) => (source.active ? c.json(await source.active()) : unavailable(c, 'The running tasks list', 'app.inspect.active()')));
  api.get('/queues', async (c) => (source.queues ? c.json(await source.queues()) : unavailable(c, 'The queues list', 'app.inspect.queues()')));

  for (const action of ['pause', 'resume', 'purge'] as const) {
    api.post(`/queues/:name/${action}`, async (c) => {
      const run = source[action];
      if (!run) return unavailable(c, `${action[0]!.toUpperCase()}${action.slice(1)}`, `app.${action}()`);
      await run(c.req.param('name'));
      return c.json({ ok: true });
    });
  }

  // Live updates: one message per tick at most, whatever the event rate (see LiveHub).
  api.get('/events', (c) => {
    const workflowId = c.req.query('workflow');
    return streamSSE(c, async (stream) => {
      const stop = hub.subscribe({
        ...(workflowId ? { workflowId } : {}),
        send: (message) => void stream.writeSSE({ data: JSON.stringify(message) }).catch(() => undefined),
      });
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
      await stream.writeSSE({ event: 'ready', data: '{}' });
      // A comment line now and then keeps proxies from closing an idle stream.
      const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => undefined), 15_000);
      await closed;
      clearInterval(keepAlive);
      stop();
    });
  });

  api.onError((error, c) => c.json({ error: error.message }, 500));
  return api;
}
