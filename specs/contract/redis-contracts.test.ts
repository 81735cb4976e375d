import { randomUUID } from 'node:crypto';
import { createApp } from '../../index.js';
import { contractsContract } from './contracts.contract.js';
import { deleteKeys } from './redis-cleanup.js';

contractsContract('redis', async () => {
  const prefix = `test-${randomUUID()}`;
  const app = createApp({ redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix });
  return { app, cleanup: () => app.close().then(() => deleteKeys(prefix)) };
});
