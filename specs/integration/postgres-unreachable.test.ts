import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, isCeleriacError, signature, type App } from '../../index.js';
import { freePort } from './support/private-redis.js';

/** How long `promise` took to settle, and its error if it failed. */
async function timed(promise: Promise<unknown>): Promise<{ ms: number; error?: unknown }> {
  const start = performance.now();
  return promise.then(
    () => ({ ms: performance.now() - start }),
    (error: unknown) => ({ ms: performance.now() - start, error }),
  );
}

function expectUnavailable(call: { ms: number; error?: unknown }, within: number): void {
  expect(isCeleriacError(call.error), String(call.error)).toBe(true);
  expect((call.error as { code: string }).code).toBe('UNAVAILABLE');
  expect((call.error as Error).message).toMatch(/PostgreSQL at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/test is unreachable/);
  expect(call.ms).toBeLessThan(within);
}

/** Every producer call of an app on that store: each must fail with UNAVAILABLE, none may hang. */
async function producerCalls(app: App) {
  const id = randomUUID();
  return {
    apply: await timed(app.apply(signature('add', [1, 2]))),
    get: await timed(app.result(id).get({ timeout: 5000 })),
    state: await timed(app.result(id).state()),
    revoke: await timed(app.result(id).revoke()),
  };
}

describe('when PostgreSQL accepts connections and never answers', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let app: App;

  beforeAll(async () => {
    // Standing in for a hung server: the TCP handshake succeeds, then nothing, ever.
    server = createServer((socket) => sockets.add(socket));
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    app = createApp({ driver: 'memory', store: 'postgres', postgres: `postgresql://postgres:s3cret@127.0.0.1:${port}/test`, connectTimeoutMs: 800 });
    app.task('add', (x: number, y: number) => x + y);
  });
  afterAll(async () => {
    await app.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails every producer call with UNAVAILABLE within connectTimeoutMs, and get() within its own timeout', async () => {
    const calls = await producerCalls(app);
    for (const [name, call] of Object.entries(calls)) {
      expectUnavailable(call, 2500);
      expect((call.error as Error).message, name).not.toContain('s3cret');
    }
    expect(sockets.size).toBeGreaterThan(0);
  });
});

describe('when nothing listens at the PostgreSQL URL', () => {
  it('fails every producer call with UNAVAILABLE, not a raw ECONNREFUSED', async () => {
    const port = await freePort();
    const app = createApp({ driver: 'memory', store: 'postgres', postgres: `postgresql://postgres:s3cret@127.0.0.1:${port}/test`, connectTimeoutMs: 800 });
    app.task('add', (x: number, y: number) => x + y);
    try {
      const calls = await producerCalls(app);
      for (const call of Object.values(calls)) {
        expectUnavailable(call, 2500);
        expect((call.error as Error).message).toContain('ECONNREFUSED');
      }
    } finally {
      await app.close();
    }
  });
});
