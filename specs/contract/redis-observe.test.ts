import { randomUUID } from 'node:crypto';
import { BullMQBroker } from '../../adapters/redis/bullmq-broker.js';
import { BullMQInspector } from '../../adapters/redis/bullmq-inspector.js';
import { redisConnect } from '../support/redis-connect.js';
import { RedisWorkerRegistry } from '../../adapters/redis/redis-worker-registry.js';
import { queueInspectorContract } from './queue-inspector.contract.js';
import { deleteKeys } from './redis-cleanup.js';
import { workerRegistryContract } from './worker-registry.contract.js';

const connect = redisConnect('redis://127.0.0.1:6379');

workerRegistryContract('redis', async () => {
  const prefix = `test-${randomUUID()}`;
  const registry = new RedisWorkerRegistry({ connect, prefix });
  return { registry, cleanup: () => registry.close().then(() => deleteKeys(prefix)) };
});
queueInspectorContract('redis', async () => {
  const prefix = `test-${randomUUID()}`;
  const broker = new BullMQBroker({ connect, prefix });
  const inspector = new BullMQInspector({ connect, prefix });
  return { broker, scheduler: broker, inspector, cleanup: () => Promise.all([broker.close(), inspector.close()]).then(() => deleteKeys(prefix)) };
});
