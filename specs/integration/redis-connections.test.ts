import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { chain, createApp, type App, type AppOptions, type Logger } from '../../index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const parsed = new URL(url);

/** A Logger that keeps its lines, with the level and the bindings of the child they came through. */
function recordingLogger(lines: string[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: string[] } {
  const at = (level: string) => (first: string | Record<string, unknown>, message?: string) =>
    void lines.push(`${level}${bindings.component ? ` ${String(bindings.component)}` : ''}: ${typeof first === 'string' ? first : (message ?? '')}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (more) => recordingLogger(lines, { ...bindings, ...more }) };
}

describe('createApp({ redis }) on a real Redis', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function runsAChain(options: AppOptions, prefix = `test-${randomUUID()}`): Promise<App> {
    const app = createApp({ prefix, ...options });
    cleanups.push(() => app.close().then(() => deleteKeys(prefix)));
    const add = app.task('add', (x: number, y: number) => x + y);
    app.worker();
    expect(app.driver).toBe('redis');
    expect(await (await app.apply(chain(add.s(1, 2), add.s(3)))).get({ timeout: 10_000 })).toBe(6);
    return app;
  }

  describe('when `redis` is a URL', () => {
    it('runs a workflow', async () => {
      await runsAChain({ redis: url });
    });
  });

  describe('when `redis` is ioredis options', () => {
    it('runs a workflow on the host, port and db they name', async () => {
      await runsAChain({ redis: { host: parsed.hostname, port: Number(parsed.port || 6379), db: 0 } });
    });
  });

  describe('when `redis` is an ioredis instance', () => {
    it('runs a workflow on connections of its own, and leaves the instance open after close()', async () => {
      const mine = new Redis(url);
      cleanups.push(async () => void (await mine.quit()));
      const app = await runsAChain({ redis: mine });
      await app.close();
      expect(await mine.ping()).toBe('PONG');
    });
  });

  describe('when the prefix carries a hash tag, as Redis Cluster needs', () => {
    it('runs a workflow and every key it wrote starts with the tagged prefix', async () => {
      const prefix = `{test-${randomUUID()}}`;
      await runsAChain({ redis: url }, prefix);
      const redis = new Redis(url);
      cleanups.push(async () => void (await redis.quit()));
      const [, keys] = await redis.scan('0', 'MATCH', `${prefix}:*`, 'COUNT', 10_000);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((key) => key.includes('{test-') && !key.startsWith(`${prefix}:`))).toEqual([]);
    });
  });

  describe('when an option is wrong', () => {
    it('says it is a createApp option, which one, and what would fix it', () => {
      expect(() => createApp({ redis: url, prefix: 'has space' })).toThrow(/^Invalid createApp option `prefix`: Expected `prefix` to be letters/);
      expect(() => createApp({ redis: 'http://x' })).toThrow(/^Invalid createApp option `redis`: Expected `redis` to be a URL/);
      expect(() => createApp({ redis: { keyPrefix: 'x:' } })).toThrow(/^Invalid createApp option `redis`: .*keyPrefix.*use `prefix`/);
      expect(() => createApp({ redis: { cluster: [] } })).toThrow(/^Invalid createApp option `redis`: Expected `redis.cluster` to be a non-empty list of nodes/);
      expect(() => createApp({ redis: url, lockDurationMs: 0 })).toThrow(/^Invalid createApp option `lockDurationMs`: Expected `lockDurationMs` to be an integer from 1 and up, got `0`/);
      expect(() => createApp({ redis: url, prefx: 'a' } as AppOptions)).toThrow(/^Invalid createApp option `prefx`: Unknown option `prefx` \(did you mean `prefix`\?\)/);
      expect(() => createApp({ store: 'postgres', postgres: 'mysql://x' })).toThrow(/^Invalid createApp option `postgres`: Expected `postgres` to be a postgres:\/\//);
    });
  });
});

describe('app.worker() options', () => {
  it('rejects an unknown option, as createApp does', async () => {
    const app = createApp({ driver: 'memory' });
    expect(() => app.worker({ limiter: { max: 1 } } as never)).toThrow(/^Invalid worker option `limiter`: Unknown option `limiter`/);
    expect(() => app.worker({ concurency: 2 } as never)).toThrow(/did you mean `concurrency`\?/);
    expect(() => app.worker({ concurrency: 0 })).toThrow(/^Invalid worker option `concurrency`/);
    await app.close();
  });
});

describe('a producer on the memory driver', () => {
  it('warns once, through its logger, when nothing in its process consumes its tasks', async () => {
    const logger = recordingLogger();
    const app = createApp({ driver: 'memory', logger });
    const add = app.task('add', (x: number, y: number) => x + y);
    await app.apply(add.s(1, 2));
    await app.apply(add.s(3, 4));
    expect(logger.lines.filter((line) => line.startsWith('warn'))).toEqual([expect.stringMatching(/Nothing in this process consumes queue 'default'.*app\.worker\(\).*REDIS_URL/)]);
    await app.close();
  });

  it('says nothing when a worker of its process consumes them', async () => {
    const logger = recordingLogger();
    const app = createApp({ driver: 'memory', logger });
    const add = app.task('add', (x: number, y: number) => x + y);
    app.worker();
    expect(await (await app.apply(add.s(1, 2))).get()).toBe(3);
    // Each task's success is a debug line; nothing above debug.
    expect(logger.lines.filter((line) => !line.startsWith('debug'))).toEqual([]);
    await app.close();
  });
});
