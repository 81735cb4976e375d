import { randomUUID } from 'node:crypto';
import { createRedisAdapter } from '../../adapters/redis/index.js';
import { brokerContract } from './broker.contract.js';
import { rateLimiterContract } from './rate-limiter.contract.js';
import { deleteKeys } from './redis-cleanup.js';
import { resultStoreContract } from './result-store.contract.js';
import { schedulerContract } from './scheduler.contract.js';

async function redis() {
  const prefix = `test-${randomUUID()}`;
  const adapter = createRedisAdapter({ prefix });
  return { ...adapter, cleanup: () => adapter.close().then(() => deleteKeys(prefix)) };
}

resultStoreContract('redis', redis, { endsWithRootCommit: true });
brokerContract('redis', redis);
schedulerContract('redis', redis);
rateLimiterContract('redis', redis);
