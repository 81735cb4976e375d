import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapter } from '../../adapters/redis/index.js';
import type { Plan } from '../../canvas/plan.js';
import { deleteKeys } from '../contract/redis-cleanup.js';

// The message on `<prefix>:finished` carries the outcome, so a waiter needs no read after it.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the finished message', () => {
  let prefix: string;
  let adapter: RedisAdapter;
  let redis: Redis;
  let subscriber: Redis;

  beforeEach(() => {
    prefix = `test-${randomUUID()}`;
    adapter = createRedisAdapter({ prefix });
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    subscriber = redis.duplicate();
  });
  afterEach(async () => {
    await adapter.close();
    await Promise.all([redis.quit(), subscriber.quit()]);
    await deleteKeys(prefix);
  });

  /** Starts a wait and lets its subscription and first read (which finds nothing) go by. */
  const startWait = async (workflowId: string) => {
    const wait = adapter.store.waitForOutcome(workflowId, 10_000);
    await sleep(100);
    return { wait };
  };

  describe('when finishWorkflow writes the outcome', () => {
    it('publishes the workflow id, a newline and the outcome as stored', async () => {
      const workflowId = `wf\n${randomUUID()}`;
      const plan: Plan = { workflowId, root: 'r', createdAt: 0, nodes: {} };
      await adapter.store.createWorkflow(plan);
      const messages: string[] = [];
      subscriber.on('message', (_channel: string, message: string) => messages.push(message));
      await subscriber.subscribe(`${prefix}:finished`);
      await adapter.store.finishWorkflow(workflowId, { status: 'SUCCESS', value: 'two\nlines' });
      await adapter.store.finishWorkflow(workflowId, { status: 'SUCCESS', value: 'ignored' });
      await sleep(50);
      expect(messages).toEqual([`${workflowId}\n{"status":"SUCCESS","value":"two\\nlines"}`]);
    });
  });

  describe('when a waiter gets the message', () => {
    it('ends with the outcome it carries, without reading the store again', async () => {
      // The workflow was never written: only the message can end this wait before its re-check.
      const workflowId = `wf\n${randomUUID()}`;
      const { wait } = await startWait(workflowId);
      const start = performance.now();
      await redis.publish(`${prefix}:finished`, `${workflowId}\n{"status":"SUCCESS","value":[1,{"a":null}]}`);
      expect(await wait).toEqual({ status: 'SUCCESS', value: [1, { a: null }] });
      expect(performance.now() - start).toBeLessThan(500);
    });

    it('reads the store when the message is a bare id', async () => {
      const workflowId = randomUUID();
      const plan: Plan = { workflowId, root: 'r', createdAt: 0, nodes: {} };
      await adapter.store.createWorkflow(plan);
      const { wait } = await startWait(workflowId);
      // Written behind the store's back, so no message of its own: the bare-id message makes the waiter look.
      await redis.hset(`${prefix}:wf:{${workflowId}}:meta`, 'state', 'SUCCESS', 'outcome', '{"status":"SUCCESS","value":7}');
      const start = performance.now();
      await redis.publish(`${prefix}:finished`, workflowId);
      expect(await wait).toEqual({ status: 'SUCCESS', value: 7 });
      expect(performance.now() - start).toBeLessThan(500);
    });
  });
});
