import { createApp, type App } from '../index.js';
import { loadApp } from './load-app.js';

/** Bad usage of a command: exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * The app a steering command talks to: `--app`'s, or one on `REDIS_URL` with `CELERIAC_PREFIX`. The memory
 * driver holds nothing another process could steer, so it is refused.
 */
export async function fleetApp(options: { app?: string }): Promise<App> {
  if (!options.app && !process.env.REDIS_URL) throw new UsageError('no fleet to talk to: pass --app <module>, or set REDIS_URL (and CELERIAC_PREFIX if the app sets a prefix)');
  const app = options.app ? await loadApp(options.app) : createApp();
  if (app.driver === 'memory') {
    await app.close();
    throw new UsageError(`the app of ${options.app} runs on the memory driver, which no other process can reach; use its Redis URL`);
  }
  return app;
}

/** Prints `report` as JSON with `--json`, else the line for people; returns `code`. */
export function report(json: boolean | undefined, data: Record<string, unknown>, line: string, code = 0): number {
  if (json) console.log(JSON.stringify(data, null, 2));
  else (code === 0 ? console.log : console.error)(line);
  return code;
}

/** Runs a steering command: 2 for bad usage, 1 for a failure it explains (with `--json`, as `{ error }`). */
export async function steer(json: boolean | undefined, command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof UsageError || (error as { code?: string }).code === 'VALIDATION' ? 2 : 1;
    const name = (error as { code?: string }).code === 'NOT_FOUND' ? 'NotFound' : ((error as Error).name ?? 'Error');
    return report(json, { error: { name, message } }, `celeriac: ${message}`, code);
  }
}
