import { randomUUID } from 'node:crypto';
import { createRedisAdapter } from '../../adapters/redis/index.js';
import { brokerContract } from './broker.contract.js';
import { deleteKeys } from './redis-cleanup.js';
import { resultStoreContract } from './result-store.contract.js';

async function redis() {
  const prefix = `test-${randomUUID()}`;
  const adapter = createRedisAdapter({ prefix });
  return { store: adapter.store, broker: adapter.broker, cleanup: () => adapter.close().then(() => deleteKeys(prefix)) };
}

resultStoreContract('redis', redis);
brokerContract('redis', redis);
