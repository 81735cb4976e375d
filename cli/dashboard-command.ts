import { createApp, type App } from '../index.js';
import { loadApp } from './load-app.js';

export interface DashboardCommandOptions {
  readonly app?: string;
  readonly host?: string;
  readonly port?: string;
  readonly token?: string;
}

/**
 * `celeriac dashboard`: serves the dashboard of the app (`--app`, else REDIS_URL and CELERIAC_PREFIX) until
 * SIGINT or SIGTERM. The token may also come from CELERIAC_DASHBOARD_TOKEN, which keeps it out of `ps`.
 */
export async function dashboardCommand(options: DashboardCommandOptions): Promise<number> {
  const port = options.port === undefined ? undefined : Number(options.port);
  if (port !== undefined && !Number.isInteger(port)) {
    console.error(`celeriac dashboard: --port expects a number, got '${options.port}'`);
    return 2;
  }
  const token = options.token ?? process.env.CELERIAC_DASHBOARD_TOKEN;
  const app: App = options.app ? await loadApp(options.app) : createApp();
  if (app.driver === 'memory') {
    console.error('celeriac dashboard: no Redis configured (set REDIS_URL or pass --app): showing this process\'s memory driver, where nothing else runs');
  }
  let dashboard;
  try {
    dashboard = await app.dashboard({ ...(options.host ? { host: options.host } : {}), ...(port !== undefined ? { port } : {}), ...(token ? { token } : {}) });
  } catch (error) {
    console.error(`celeriac dashboard: ${(error as Error).message}`);
    await app.close();
    return 1;
  }
  console.log(`celeriac dashboard on ${dashboard.url}${token ? ' (open it once with ?token=<token>)' : ''}; driver=${app.driver}`);
  await new Promise<void>((done) => {
    const stop = () => void app.close().then(done, done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
