import { randomUUID } from 'node:crypto';
import { createRedisAdapter } from '../../adapters/redis/index.js';
import { deleteKeys } from './redis-cleanup.js';
import { taskCatalogContract } from './task-catalog.contract.js';

taskCatalogContract('redis', async () => {
  const prefix = `test-${randomUUID()}`;
  const adapter = createRedisAdapter({ prefix });
  return { catalog: adapter.catalog, cleanup: () => adapter.close().then(() => deleteKeys(prefix)) };
});
