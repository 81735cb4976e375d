import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { GraphLoader } from '../graph/load-graph.js';
import { LiveHub, type LiveHubOptions } from '../live-hub.js';
import type { DashboardSource } from '../source.js';
import { apiRoutes } from './api-routes.js';
import { loadAssets, type Asset } from './assets.js';
import type { ResolvedDashboardOptions } from './options.js';
import { guard } from './security.js';

/** Paths the page answers itself (it routes in the browser); each gets index.html. */
const PAGES = ['/', '/workflows', '/workflows/:id', '/workers', '/queues'];

export interface DashboardServer {
  readonly fetch: (request: Request) => Response | Promise<Response>;
  readonly hub: LiveHub;
}

/**
 * The dashboard as a fetch handler (Hono): the guard, the JSON API under `/api`, the page's files under
 * `/assets`. Listening is `serveDashboard`'s job, so tests can call `fetch` directly.
 */
export function createDashboardServer(source: DashboardSource, options: ResolvedDashboardOptions, live: LiveHubOptions = {}, assets: Map<string, Asset> = loadAssets()): DashboardServer {
  const graphs = new GraphLoader(source);
  const hub = new LiveHub(source, graphs, live);
  const app = new Hono();
  // The page needs nothing from elsewhere: forbid it all, so even a bug that let markup through could not run it.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"], frameAncestors: ["'none'"], formAction: ["'self'"] },
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use('*', guard(options));
  app.route('/api', apiRoutes(source, graphs, hub));
  app.all('/api/*', (c) => c.json({ error: `No such API: ${c.req.method} ${c.req.path}` }, 404));
  const serve = (name: string) => (c: { req: { header(name: string): string | undefined } }) => {
    const asset = assets.get(name);
    if (!asset) return new Response('Not found', { status: 404 });
    if (c.req.header('if-none-match') === asset.etag) return new Response(null, { status: 304 });
    return new Response(asset.body, { headers: { 'content-type': asset.type, etag: asset.etag, 'cache-control': 'no-cache' } });
  };
  app.get('/assets/:name', (c) => serve(c.req.param('name'))(c));
  for (const path of PAGES) app.get(path, (c) => serve('index.html')(c));
  return { fetch: (request) => app.fetch(request), hub };
}
