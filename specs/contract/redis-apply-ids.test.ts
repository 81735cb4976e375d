import { randomUUID } from 'node:crypto';
import { createApp } from '../../index.js';
import { applyIdsContract } from './apply-ids.contract.js';
import { deleteKeys } from './redis-cleanup.js';

applyIdsContract('redis', async () => {
  const prefix = `test-${randomUUID()}`;
  const app = createApp({ redis: 'redis://127.0.0.1:6379', prefix });
  return { app, cleanup: () => app.close().then(() => deleteKeys(prefix)) };
});
