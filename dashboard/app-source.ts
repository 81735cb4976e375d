import type { App } from '../engine/app.js';
import type { DashboardSource } from './source.js';

/**
 * The dashboard's view of an app, through its public methods only (`result(id)`, `events()`, `workflows()`,
 * `inspect`, the control methods). Each capability the app gains is wired here, in one place.
 * @example
 * const server = createDashboardServer(appSource(app), options);
 */
export function appSource(app: App): DashboardSource {
  return {
    driver: app.driver,
    async snapshot(id) {
      const res = app.result(id);
      const nodes = await res.nodes();
      if (nodes.length === 0) return undefined;
      return { id, state: await res.state(), nodes };
    },
    async revoke(id, { terminate }) {
      await app.result(id).revoke({ terminate });
    },
    terminate: true,
    ...(app.publishesEvents ? { events: (signal: AbortSignal) => app.events({ signal }) } : {}),
    workflows: (query) => app.workflows(query),
    workers: () => app.inspect.workers(),
    active: () => app.inspect.active(),
    queues: () => app.inspect.queues(),
    retry: async (id) => {
      await app.retry(id);
    },
    purge: async (queue) => {
      await app.purge({ queue });
    },
    pause: (queue) => app.pause(queue),
    resume: (queue) => app.resume(queue),
  };
}
