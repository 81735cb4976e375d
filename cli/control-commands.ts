import type { App } from '../index.js';
import { fleetApp, report, steer, UsageError } from './fleet-app.js';

interface FleetOptions {
  readonly app?: string;
  readonly json?: boolean;
}

async function withApp(command: string, options: FleetOptions, run: (app: App) => Promise<number>): Promise<number> {
  return steer(options.json, async () => {
    const app = await fleetApp(command, options);
    try {
      return await run(app);
    } finally {
      await app.close();
    }
  });
}

/** `celeriac revoke <id> [--terminate]`: exit 0 once the workflow has ended (REVOKED, or the end it had), 1 for an unknown id. */
export function revokeCommand(id: string, options: FleetOptions & { terminate?: boolean }): Promise<number> {
  return withApp('revoke', options, async (app) => {
    const state = await app.revoke(id, { terminate: options.terminate === true });
    if (state === undefined) return report(options.json, { id, error: { name: 'NotFound', message: `no workflow ${id}` } }, `celeriac revoke: no workflow ${id} (unknown, or its results expired)`, 1);
    const revoked = state === 'REVOKED';
    return report(options.json, { id, state, revoked, terminate: options.terminate === true }, revoked ? `celeriac revoke: workflow ${id} is REVOKED` : `celeriac revoke: workflow ${id} had already ended ${state}; left as it was`);
  });
}

/**
 * `celeriac retry <id>`: runs a FAILURE or REVOKED workflow again from what did not succeed; exit 0 once the
 * new run started (or a racing retry's runs), 1 for an unknown id or a workflow that never failed.
 */
export function retryCommand(id: string, options: FleetOptions): Promise<number> {
  return withApp('retry', options, async (app) => {
    const before = await app.result(id).state();
    const res = await app.retry(id);
    const state = await res.state();
    const started = before === 'FAILURE' || before === 'REVOKED';
    return report(options.json, { id, state, retried: started, from: before }, started ? `celeriac retry: workflow ${id} runs again (it was ${before})` : `celeriac retry: workflow ${id} is already running again (${state})`);
  });
}

/** `celeriac purge [--queue q] --yes`: without `--yes`, nothing is dropped and the exit code is 2. */
export function purgeCommand(options: FleetOptions & { queue?: string; yes?: boolean }): Promise<number> {
  return withApp('purge', options, async (app) => {
    if (!options.yes) throw new UsageError(`purge drops every waiting and delayed task of queue '${options.queue ?? 'default'}' and revokes their workflows; pass --yes to do it`);
    const result = await app.purge(options.queue === undefined ? {} : { queue: options.queue });
    return report(options.json, { ...result }, `celeriac purge: dropped ${result.tasks} task(s) from queue '${result.queue}'; ${result.workflows.length} workflow(s) revoked`);
  });
}

/** `celeriac pause <queue>` and `celeriac resume <queue>`: prints the queue's state after the change. */
export function pauseCommand(queue: string, paused: boolean, options: FleetOptions): Promise<number> {
  return withApp(paused ? 'pause' : 'resume', options, async (app) => {
    await (paused ? app.pause(queue) : app.resume(queue));
    const now = await app.isPaused(queue);
    return report(options.json, { queue, paused: now }, `celeriac ${paused ? 'pause' : 'resume'}: queue '${queue}' is ${now ? 'paused' : 'running'}`);
  });
}
