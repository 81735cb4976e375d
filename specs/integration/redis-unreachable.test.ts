import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter } from '../../adapters/redis/index.js';
import type { Plan } from '../../canvas/plan.js';
import { createApp, isCeleriacError, type App } from '../../index.js';
import { freePort, PrivateRedis } from './support/private-redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long `promise` took to settle, and how: its value or its error. */
async function timed<T>(promise: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const start = performance.now();
  return promise.then(
    (value) => ({ ms: performance.now() - start, value }),
    (error: unknown) => ({ ms: performance.now() - start, error }),
  );
}

function expectUnavailable(error: unknown, port: number, what: RegExp): void {
  expect(isCeleriacError(error), String(error)).toBe(true);
  const { code, message } = error as { code: string; message: string };
  expect(code).toBe('UNAVAILABLE');
  expect(message).toMatch(what);
  expect(message).toContain(`redis://:***@127.0.0.1:${port}`);
  expect(message).not.toContain('s3cret');
  expect(message).toMatch(/after waiting 500 ms \(`connectTimeoutMs`\)/);
  expect(message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
  expect(message).toMatch(/is redis-server running\? check REDIS_URL/i);
}

describe('when nothing listens at the Redis URL', () => {
  let port: number;
  let app: App;

  beforeEach(async () => {
    port = await freePort();
    app = createApp({ redis: `redis://:s3cret@127.0.0.1:${port}`, prefix: `test-${randomUUID()}`, connectTimeoutMs: 500 });
    app.task('add', (x: number, y: number) => x + y);
  });
  afterEach(() => app.close());

  it('apply fails within 2 s with UNAVAILABLE, naming the URL without its password, the call, the wait and a hint', async () => {
    const { ms, error } = await timed(app.apply(app.signature('add', [1, 2])));
    expect(ms).toBeLessThan(2000);
    expectUnavailable(error, port, /^Could not create workflow /);
  });

  it('waiting for a result fails within 2 s with UNAVAILABLE', async () => {
    const { ms, error } = await timed(app.result(randomUUID()).get({ timeout: 60_000 }));
    expect(ms).toBeLessThan(2000);
    expectUnavailable(error, port, /^Could not subscribe to /);
  });

  it('a read fails within 2 s with UNAVAILABLE', async () => {
    const { ms, error } = await timed(app.result(randomUUID()).state());
    expect(ms).toBeLessThan(2000);
    expectUnavailable(error, port, /^Could not read workflow /);
  });

  it('close resolves within 2 s, with a worker running and a call still waiting', async () => {
    app.worker({ queues: ['default'] });
    const waiting = timed(app.apply(app.signature('add', [1, 2])));
    await sleep(100);
    const { ms, error } = await timed(app.close());
    expect(error).toBeUndefined();
    expect(ms).toBeLessThan(2000);
    // The waiting call fails as soon as the app closes, not when its wait runs out.
    const call = await waiting;
    expect(call.ms).toBeLessThan(400);
    expect((call.error as { code?: string }).code).toBe('UNAVAILABLE');
    expect((call.error as Error).message).toMatch(/connection was closed/);
  });
});

describe('when Redis restarts while a store command waits for it', () => {
  let redis: PrivateRedis;
  let adapter: RedisAdapter;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });
  afterAll(async () => {
    await redis.stop();
  });
  beforeEach(() => {
    adapter = createRedisAdapter({ redis: redis.url, prefix: `test-${randomUUID()}`, connectTimeoutMs: 5000 });
  });
  afterEach(() => adapter.close());

  it('sends the command once Redis is back and resolves with its reply', async () => {
    const workflowId = randomUUID();
    const plan: Plan = { workflowId, root: 'r', createdAt: 0, nodes: {} };
    await adapter.store.createWorkflow(plan);
    const before = await adapter.store.readWorkflow(workflowId);
    expect(before).toBeDefined();

    await redis.crash();
    // Long enough for the client to see the connection drop, so the read below waits at the gate.
    await sleep(50);
    const read = timed(adapter.store.readWorkflow(workflowId));
    const plans = timed(adapter.store.loadPlan(workflowId));
    await sleep(250);
    await redis.start();

    const [afterRestart, planRead] = await Promise.all([read, plans]);
    expect(afterRestart.error).toBeUndefined();
    expect(afterRestart.value).toEqual(before);
    expect(planRead.value).toEqual(plan);
  });

  it('fails with UNAVAILABLE when Redis stays down longer than connectTimeoutMs', async () => {
    const short = createRedisAdapter({ redis: redis.url, prefix: `test-${randomUUID()}`, connectTimeoutMs: 300 });
    try {
      await short.store.readWorkflow(randomUUID());
      await redis.crash();
      await sleep(50);
      const { ms, error } = await timed(short.store.readWorkflow(randomUUID()));
      expect((error as { code?: string }).code).toBe('UNAVAILABLE');
      expect(ms).toBeGreaterThanOrEqual(290);
      expect(ms).toBeLessThan(1000);
    } finally {
      await short.close();
      await redis.start();
    }
  });
});
