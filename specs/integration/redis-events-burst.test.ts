import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisEventStream } from '../../adapters/redis/event-stream.js';
import type { CeleriacEvent } from '../../engine/ports/events.js';
import { deleteKeys } from '../contract/redis-cleanup.js';
import { redisConnect } from '../support/redis-connect.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('when a process publishes more events at once than it buffers (an apply of a huge chord)', () => {
  it('writes every one of them, in order, while Redis is there: the buffer bound is for when it is away', async () => {
    const prefix = `test-${randomUUID()}`;
    const stream = new RedisEventStream({ connect: redisConnect(url), prefix, maxBuffered: 1000 });
    const redis = new Redis(url);
    try {
      // Connected first, as an app that has been running is.
      await stream.publish([{ type: 'task-sent', at: -1, workflowId: 'wf', nodeId: 'r' }]);
      const count = 5000;
      const published = Array.from({ length: count }, (_, i) => stream.publish([{ type: 'task-sent', at: i, workflowId: 'wf', nodeId: `r.${i}` } as CeleriacEvent]));
      await Promise.all(published);
      const entries = await redis.xrange(`${prefix}:events`, '-', '+');
      const written = entries.flatMap(([, fields]) => JSON.parse(fields[1]!) as CeleriacEvent[]).map((event) => event.at);
      expect(written).toEqual([-1, ...Array.from({ length: count }, (_, i) => i)]);
    } finally {
      await stream.close();
      await redis.quit();
      await deleteKeys(prefix);
    }
  });
});
