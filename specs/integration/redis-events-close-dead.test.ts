import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RedisEventStream } from '../../adapters/redis/event-stream.js';
import { redisConnect } from '../support/redis-connect.js';
import { PrivateRedis } from './support/private-redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('when Redis dies with a batch of events on its way', () => {
  // The writer retries without limit while Redis is away (events wait for it): close() must not wait with it.
  it('closes at once, releasing the publishers, instead of waiting for a Redis that is gone', async () => {
    const redis = await PrivateRedis.start();
    const stream = new RedisEventStream({ connect: redisConnect(redis.url), prefix: `test-${randomUUID()}` });
    try {
      await stream.publish([{ type: 'task-sent', at: 0, workflowId: 'wf', nodeId: 'r' }]);
      // Frozen, the next batch is sent and waits for a reply; then Redis dies under it.
      redis.freeze();
      const published = stream.publish([{ type: 'task-sent', at: 1, workflowId: 'wf', nodeId: 'r.0' }]);
      await sleep(100);
      await redis.crash();
      await sleep(200);
      const started = performance.now();
      await stream.close();
      await published;
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await redis.stop();
    }
  }, 20_000);
});
