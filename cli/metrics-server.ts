import { createServer, type Server } from 'node:http';
import type { App } from '../index.js';

/**
 * Serves `app.metrics()` at `GET /metrics` for Prometheus, on loopback unless `host` says otherwise.
 * Resolves once listening, with the server to close.
 */
export async function serveMetrics(app: App, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: metrics are at /metrics\n');
      return;
    }
    app.metrics().then(
      (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`Could not collect metrics: ${(error as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
