import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnect } from '../support/redis-connect.js';
import { RedisEventStream } from '../../adapters/redis/event-stream.js';
import type { CeleriacEvent } from '../../engine/ports/events.js';
import { PrivateRedis } from './support/private-redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const events = (from: number, count: number): CeleriacEvent[] => Array.from({ length: count }, (_, i) => ({ type: 'task-succeeded', at: from + i, workflowId: 'wf', nodeId: `r.${from + i}` }));

describe('when Redis goes away for a moment while events flow', () => {
  let redis: PrivateRedis;
  let publisher: RedisEventStream;
  let reader: RedisEventStream;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const connect = redisConnect(redis.url);
    publisher = new RedisEventStream({ connect, prefix: 'restart' });
    reader = new RedisEventStream({ connect, prefix: 'restart' });
  });

  afterAll(async () => {
    await Promise.all([publisher.close(), reader.close()]);
    await redis.stop();
  });

  it('a reading resumes where it was and loses nothing published before, during or after', async () => {
    const abort = new AbortController();
    const reading = reader.read({ signal: abort.signal });
    await reading.ready;
    const seen: number[] = [];
    const loop = (async () => {
      for await (const event of reading) seen.push(event.at);
    })();

    await publisher.publish(events(0, 50));
    // Written just before Redis dies: the reader may or may not have taken these yet.
    await publisher.publish(events(50, 50));
    await redis.crash();
    // Published while Redis is down: they wait in the publisher.
    const during = publisher.publish(events(100, 50));
    await sleep(1500);
    await redis.start();
    await during;
    await publisher.publish(events(150, 50));

    const deadline = Date.now() + 15_000;
    while (seen.length < 200 && Date.now() < deadline) await sleep(50);
    abort.abort();
    await loop;
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });
});
