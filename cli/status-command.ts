import { createApp, type App } from '../index.js';
import { loadApp } from './load-app.js';

/** `celeriac status <id>`: prints the workflow's state and, once it ended, its result or error, as JSON. */
export async function statusCommand(id: string, options: { app?: string }): Promise<number> {
  const app: App = options.app ? await loadApp(options.app) : createApp();
  try {
    const res = app.result(id);
    const state = await res.state();
    const nodes = await res.nodes();
    if (nodes.length === 0) {
      console.error(`No workflow ${id} on the ${app.driver} driver (unknown, or its results expired)`);
      return 1;
    }
    const done = nodes.filter((n) => n.kind === 'task' && ['SUCCESS', 'FAILURE', 'REVOKED'].includes(n.state)).length;
    const total = nodes.filter((n) => n.kind === 'task').length;
    const report: Record<string, unknown> = { id, state, tasks: { done, total } };
    if (state === 'SUCCESS') report.result = await res.get({ timeout: 1000 });
    if (state === 'FAILURE' || state === 'REVOKED') report.error = await res.get({ timeout: 1000 }).then(() => null, (e: Error) => ({ name: e.name, message: e.message }));
    console.log(JSON.stringify(report, null, 2));
    return 0;
  } finally {
    await app.close();
  }
}
