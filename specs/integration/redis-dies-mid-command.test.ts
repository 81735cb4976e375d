import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, isCeleriacError, signature, type App } from '../../index.js';
import { PrivateRedis } from './support/private-redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('when Redis dies with producer commands in flight', () => {
  let redis: PrivateRedis;
  let app: App;
  let known: string;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    app = createApp({ redis: redis.url, prefix: `test-${randomUUID()}`, connectTimeoutMs: 1000 });
    app.task('add', (x: number, y: number) => x + y);
    known = (await app.apply(signature('add', [1, 1]))).id;
    expect(await app.result(known).state()).toBe('PENDING');
  });
  afterAll(async () => {
    await app.close();
    await redis.stop();
  });

  it('fails every call with UNAVAILABLE within connectTimeoutMs of its death, not after ioredis gives up', async () => {
    // Frozen first, so that every command below is sent and waits for a reply that never comes.
    redis.freeze();
    const started = new Map<string, Promise<unknown>>([
      ['apply', app.apply(signature('add', [2, 2]))],
      ['state', app.result(known).state()],
      ['get', app.result(known).get({ timeout: 30_000 })],
      ['revoke', app.result(randomUUID()).revoke()],
      ['nodes', app.result(known).nodes()],
    ]);
    await sleep(300);
    await redis.crash();
    const killed = performance.now();
    const ended = await Promise.all(
      [...started].map(async ([name, call]) => {
        const error = await call.then(() => undefined, (e: unknown) => e);
        return { name, error, ms: performance.now() - killed };
      }),
    );
    for (const { name, error, ms } of ended) {
      expect(isCeleriacError(error), `${name}: ${String(error)}`).toBe(true);
      expect((error as { code: string }).code, name).toBe('UNAVAILABLE');
      expect((error as Error).message, name).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable/);
      expect(ms, name).toBeLessThan(1000 + 1500);
    }
  });
});
