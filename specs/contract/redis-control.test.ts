import { randomUUID } from 'node:crypto';
import { createApp } from '../../index.js';
import { controlContract } from './control.contract.js';
import { deleteKeys } from './redis-cleanup.js';

controlContract('redis', async () => {
  const prefix = `test-${randomUUID()}`;
  const app = createApp({ redis: 'redis://127.0.0.1:6379', prefix });
  return { app, cleanup: () => app.close().then(() => deleteKeys(prefix)) };
});
