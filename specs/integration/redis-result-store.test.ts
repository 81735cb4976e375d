import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../canvas/plan.js';
import type { Outcome } from '../../engine/outcome.js';
import { createRedisAdapter, type RedisAdapter } from '../../adapters/redis/index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';

// What the contract suite cannot see from the port: TTLs, pub/sub between processes, lost messages, big joins.

const plan = (workflowId: string): Plan => ({ workflowId, root: 'r', createdAt: 0, nodes: {} });
const ok = (value: number): Outcome => ({ status: 'SUCCESS', value });
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('RedisResultStore', () => {
  let prefix: string;
  let adapters: RedisAdapter[];
  let redis: Redis;
  const open = (resultTtlSeconds = 600) => {
    const adapter = createRedisAdapter({ prefix, resultTtlSeconds });
    adapters.push(adapter);
    return adapter.store;
  };

  beforeEach(() => {
    prefix = `test-${randomUUID()}`;
    adapters = [];
    redis = new Redis('redis://127.0.0.1:6379');
  });
  afterEach(async () => {
    await Promise.all(adapters.map((adapter) => adapter.close()));
    await redis.quit();
    await deleteKeys(prefix);
  });

  describe('when a workflow has run through every transition', () => {
    it('gives every key it wrote a TTL no longer than resultTtlSeconds', async () => {
      const store = open(600);
      const wf = `wf-${randomUUID()}`;
      await store.createWorkflow(plan(wf));
      await store.beginAttempt(wf, 'r.0', 1);
      await store.markRetrying(wf, 'r.0', 2);
      await store.commitOutcome(wf, 'r.0', ok(1), { joinId: 'r', index: 0, size: 2 });
      await store.settleMany(wf, ['r.1'], { status: 'REVOKED', reason: 'x', cascaded: true });
      await store.finishWorkflow(wf, ok(1));
      await store.acquireRateSlot('task:add', { max: 1, perMs: 5000 }, Date.now());
      const keys = await redis.keys(`${prefix}:*`);
      const base = `${prefix}:wf:{${wf}}`;
      expect(keys.sort()).toEqual([`${prefix}:rate:task:add`, ...['attempt', 'meta', 'out', 'parts:r', 'plan', 'state'].map((k) => `${base}:${k}`)].sort());
      for (const key of keys) {
        const ttl = await redis.pttl(key);
        expect(ttl, key).toBeGreaterThan(0);
        expect(ttl, key).toBeLessThanOrEqual(600_000);
      }
    });
  });

  describe('when the workflow finishes in another process', () => {
    it('wakes the waiter through the finished channel', async () => {
      const [waiting, finishing] = [open(), open()];
      const wf = `wf-${randomUUID()}`;
      await finishing.createWorkflow(plan(wf));
      const result = waiting.waitForOutcome(wf, 5000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = Date.now();
      await finishing.finishWorkflow(wf, ok(9));
      expect(await result).toEqual(ok(9));
      expect(Date.now() - started).toBeLessThan(500);
    });
  });

  describe('when the finished message is lost', () => {
    it('still resolves on the next re-check', async () => {
      const store = open();
      const wf = `wf-${randomUUID()}`;
      await store.createWorkflow(plan(wf));
      const result = store.waitForOutcome(wf, 5000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await redis.hset(`${prefix}:wf:{${wf}}:meta`, 'state', 'SUCCESS', 'outcome', JSON.stringify(ok(4)));
      expect(await result).toEqual(ok(4));
    });
  });

  describe('when the store closes while callers wait for ever', () => {
    it('resolves them undefined and leaves no timer behind', async () => {
      const before = timers();
      const store = open();
      const wf = `wf-${randomUUID()}`;
      await store.createWorkflow(plan(wf));
      const result = store.waitForOutcome(wf, Infinity);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.close();
      expect(await result).toBeUndefined();
      expect(timers()).toBeLessThanOrEqual(before);
    });
  });

  describe('when a join has more members than Lua can unpack', () => {
    it('completes once, in index order', async () => {
      const store = open();
      const wf = `wf-${randomUUID()}`;
      const size = 10_000;
      const order = Array.from({ length: size }, (_, i) => (i * 7919) % size);
      const results = await Promise.all(order.map((i) => store.commitOutcome(wf, `r.${i}`, ok(i), { joinId: 'r', index: i, size })));
      const complete = results.filter((r) => r.parts);
      expect(complete).toHaveLength(1);
      expect(complete[0]?.parts).toEqual(Array.from({ length: size }, (_, i) => i));
    });
  });

  describe('when every member of a join is delivered several times at once', () => {
    it('returns the same parts, the first value per index, to every caller that completes it', async () => {
      const store = open();
      const wf = `wf-${randomUUID()}`;
      const deliveries = [0, 1, 2].flatMap((i) => [0, 1, 2, 3].map((copy) => ({ i, copy })));
      const results = await Promise.all(deliveries.map(({ i, copy }) => store.commitOutcome(wf, `r.${i}`, ok(i * 10 + copy), { joinId: 'r', index: i, size: 3 })));
      const firsts = [0, 1, 2].map((i) => results.find((r, n) => deliveries[n]?.i === i && r.fresh)?.outcome);
      const parts = results.flatMap((r) => (r.parts ? [r.parts] : []));
      expect(parts.length).toBeGreaterThan(0);
      for (const p of parts) expect(p.map((v) => ok(v as number))).toEqual(firsts);
      expect(results.filter((r) => r.fresh)).toHaveLength(3);
    });
  });

  describe('when options are out of range', () => {
    it('says which option and what came', () => {
      expect(() => createRedisAdapter({ prefix: '' })).toThrow(/`prefix`/);
      expect(() => createRedisAdapter({ resultTtlSeconds: 0 })).toThrow(/`resultTtlSeconds` to be an integer from 1 and up, got `0`/);
      expect(() => createRedisAdapter({ connection: { keyPrefix: 'x:' } })).toThrow(/keyPrefix/);
    });
  });
});
