import { randomUUID } from 'node:crypto';
import { redisConnect } from '../support/redis-connect.js';
import { RedisEventStream } from '../../adapters/redis/event-stream.js';
import { eventStreamContract } from './event-stream.contract.js';
import { deleteKeys } from './redis-cleanup.js';

eventStreamContract('redis', async () => {
  const prefix = `test-${randomUUID()}`;
  const connect = redisConnect('redis://127.0.0.1:6379');
  const [publisher, reader] = [new RedisEventStream({ connect, prefix }), new RedisEventStream({ connect, prefix })];
  return { publisher, reader, cleanup: () => Promise.all([publisher.close(), reader.close()]).then(() => deleteKeys(prefix)) };
});
