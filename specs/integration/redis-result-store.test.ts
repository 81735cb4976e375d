import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../canvas/plan.js';
import type { Outcome } from '../../engine/ports/outcome.js';
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

  describe('TTLs', () => {
    const ttlMs = 600_000;
    /** What a new workflow's keys get: the retention period plus the grace (a minute). */
    const createdTtlMs = ttlMs + 60_000;
    const shortMs = 100_000;
    const keysOf = (wf: string, ...names: string[]) => names.map((name) => `${prefix}:wf:{${wf}}:${name}`);
    const hashes = ['meta'];
    /** Every key under the prefix but the workflow index (which lives two TTLs, see WorkflowIndex), each with its TTL in ms. */
    const ttls = async () => {
      const keys = (await redis.keys(`${prefix}:*`)).filter((key) => !key.startsWith(`${prefix}:wfindex`)).sort();
      return Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await redis.pttl(key)] as const)));
    };
    const expectAllLive = async (max = createdTtlMs) => {
      for (const [key, ttl] of Object.entries(await ttls())) {
        expect(ttl, key).toBeGreaterThan(0);
        expect(ttl, key).toBeLessThanOrEqual(max);
      }
    };
    const shorten = (keys: string[]) => Promise.all(keys.map((key) => redis.pexpire(key, shortMs)));

    describe('when a workflow is created', () => {
      it('creates the plan and the workflow hash, each with the retention period plus the grace, and no reader takes its fields for nodes', async () => {
        const store = open(600);
        const wf = `wf-${randomUUID()}`;
        await store.createWorkflow(plan(wf));
        expect(Object.keys(await ttls())).toEqual(keysOf(wf, 'meta', 'plan'));
        await expectAllLive();
        for (const ttl of Object.values(await ttls())) expect(ttl).toBeGreaterThan(ttlMs);
        // The workflow index: kept as long as any workflow's keys can live (created, ran one TTL, kept one more).
        for (const key of [`${prefix}:wfindex`]) {
          expect(await redis.pttl(key), key).toBeGreaterThan(ttlMs);
          expect(await redis.pttl(key), key).toBeLessThanOrEqual(2 * ttlMs);
        }
        expect(await store.readWorkflow(wf)).toEqual({ state: 'PENDING' });
        expect(await store.readOutcomes(wf)).toEqual({});
        expect(await store.readNode(wf, 'state')).toEqual({ state: 'PENDING', attempt: 0 });
      });
    });

    describe('when a workflow has run through every transition', () => {
      it('keeps a TTL on every key all along, never refreshes it per task, and refreshes it when the workflow ends', async () => {
        const store = open(600);
        const wf = `wf-${randomUUID()}`;
        await store.createWorkflow(plan(wf));
        await shorten(keysOf(wf, 'plan', ...hashes));
        await store.beginAttempt(wf, 'r.0', 1);
        await store.markRetrying(wf, 'r.0', 2);
        await store.beginAttempt(wf, 'r.0', 2);
        await store.commitOutcome(wf, 'r.0', ok(1), { joinId: 'r', index: 0, size: 3 });
        // The parts hash got its TTL with its first part; a later part does not refresh it.
        await expectAllLive();
        await shorten(keysOf(wf, 'parts:r'));
        await store.commitOutcome(wf, 'r.1', ok(2), { joinId: 'r', index: 1, size: 3 });
        await store.settleMany(wf, ['r.2'], { status: 'REVOKED', reason: 'x', cascaded: true });
        await store.commitOutcome(wf, 'r', { status: 'REVOKED', reason: 'x', cascaded: true });
        await store.acquireRateSlot('task:add', { max: 1, perMs: 5000 }, Date.now());
        const base = `${prefix}:wf:{${wf}}`;
        expect(Object.keys(await ttls())).toEqual([`${prefix}:rate:task:add`, ...['meta', 'parts:r', 'plan'].map((k) => `${base}:${k}`)].sort());
        const during = await ttls();
        for (const key of keysOf(wf, 'plan', 'parts:r', ...hashes)) {
          expect(during[key], key).toBeGreaterThan(0);
          expect(during[key], key).toBeLessThanOrEqual(shortMs);
        }

        await store.finishWorkflow(wf, ok(1));
        await expectAllLive(ttlMs);
        const after = await ttls();
        for (const key of keysOf(wf, 'plan', ...hashes)) expect(after[key], key).toBeGreaterThan(shortMs);
        expect(after[keysOf(wf, 'parts:r')[0]!]).toBeLessThanOrEqual(shortMs);
        expect(await store.readNode(wf, 'r.0')).toEqual({ state: 'SUCCESS', outcome: ok(1), attempt: 2 });
      });
    });

    describe('when a workflow ends within the grace of its creation', () => {
      it('leaves the TTL it was created with, which still exceeds the retention period', async () => {
        const store = open(600);
        const wf = `wf-${randomUUID()}`;
        await store.createWorkflow(plan(wf));
        await store.beginAttempt(wf, 'r', 1);
        const ended = await store.commitOutcome(wf, 'r', ok(3), undefined, ok(3));
        expect(ended).toEqual({ outcome: ok(3), fresh: true, ended: ok(3) });
        for (const [key, ttl] of Object.entries(await ttls())) {
          expect(ttl, key).toBeGreaterThan(ttlMs);
          expect(ttl, key).toBeLessThanOrEqual(createdTtlMs);
        }
        expect(await store.readWorkflow(wf)).toEqual({ state: 'SUCCESS', outcome: ok(3) });
      });
    });

    describe('when the root commit ends a workflow created long ago', () => {
      it('raises the TTL of its keys back to the retention period', async () => {
        const store = open(600);
        const wf = `wf-${randomUUID()}`;
        await store.createWorkflow(plan(wf));
        await shorten(keysOf(wf, 'plan', ...hashes));
        await store.commitOutcome(wf, 'r', ok(3), undefined, ok(3));
        for (const [key, ttl] of Object.entries(await ttls())) {
          expect(ttl, key).toBeGreaterThan(shortMs);
          expect(ttl, key).toBeLessThanOrEqual(ttlMs);
        }
      });
    });

    describe('when a workflow is revoked', () => {
      it('refreshes the TTL of its keys', async () => {
        const store = open(600);
        const wf = `wf-${randomUUID()}`;
        await store.createWorkflow(plan(wf));
        await store.beginAttempt(wf, 'r', 1);
        await shorten(keysOf(wf, 'plan', ...hashes));
        await store.revokeWorkflow(wf);
        await expect(store.beginAttempt(wf, 'r.1', 1)).resolves.toEqual({ kind: 'revoked' });
        await expectAllLive(ttlMs);
        for (const [key, ttl] of Object.entries(await ttls())) expect(ttl, key).toBeGreaterThan(shortMs);
      });
    });

    describe('when a workflow is unknown (never created, or expired while it ran)', () => {
      it('gives every key a write creates a TTL, whichever transition writes first', async () => {
        const store = open(600);
        const revoked = { status: 'REVOKED', reason: 'x', cascaded: true } as const;
        const writes: ((wf: string) => Promise<unknown>)[] = [
          (wf) => store.beginAttempt(wf, 'r', 1),
          (wf) => store.markRetrying(wf, 'r', 2),
          (wf) => store.commitOutcome(wf, 'r', ok(1)),
          (wf) => store.commitOutcome(wf, 'r.0', ok(1), { joinId: 'r', index: 0, size: 2 }),
          (wf) => store.settleMany(wf, ['r.0', 'r.1'], revoked),
          (wf) => store.commitOutcome(wf, 'r', ok(2), undefined, ok(2)),
        ];
        for (const write of writes) {
          const wf = `wf-${randomUUID()}`;
          await write(wf);
          await expectAllLive();
          for (const other of writes) await other(wf);
          await expectAllLive();
        }
      });

      it('gives the keys a TTL again when they expire between beginAttempt and commitOutcome', async () => {
        const store = open(600);
        const wf = `wf-${randomUUID()}`;
        await store.createWorkflow(plan(wf));
        await store.beginAttempt(wf, 'r', 1);
        await redis.del(keysOf(wf, 'plan', ...hashes));
        expect(await store.commitOutcome(wf, 'r', ok(5))).toEqual({ outcome: ok(5), fresh: true });
        expect(Object.keys(await ttls())).toEqual(keysOf(wf, 'meta'));
        await expectAllLive();
      });
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
      expect(() => createRedisAdapter({ redis: { keyPrefix: 'x:' } })).toThrow(/keyPrefix/);
    });
  });
});
