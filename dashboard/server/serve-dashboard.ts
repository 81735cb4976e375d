import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { App } from '../../engine/app.js';
import type { DashboardHandle, DashboardOptions } from '../../engine/dashboard-options.js';
import { appSource } from '../app-source.js';
import { createDashboardServer } from './create-server.js';
import { resolveDashboardOptions } from './options.js';

/**
 * Listens with the dashboard of `app` (what `app.dashboard()` runs). Resolves once it listens.
 * @example
 * const { url, close } = await serveDashboard(app, { port: 0 });
 */
export async function serveDashboard(app: App, options: DashboardOptions = {}): Promise<DashboardHandle> {
  const resolved = resolveDashboardOptions(options);
  const server = createDashboardServer(appSource(app), resolved);
  const http = serve({ fetch: server.fetch, port: resolved.port, hostname: resolved.host });
  await new Promise<void>((resolve, reject) => {
    http.once('listening', resolve);
    http.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`The dashboard cannot listen on ${resolved.host}:${resolved.port}: the port is taken (choose another with --port)`) : error),
    );
  });
  const { port } = http.address() as AddressInfo;
  const host = resolved.host.includes(':') && !resolved.host.startsWith('[') ? `[${resolved.host}]` : resolved.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.hub.close();
        // Open event streams would keep close() waiting for ever: end them.
        if ('closeAllConnections' in http) http.closeAllConnections();
        http.close(() => resolve());
      })),
  };
}
