import { randomUUID } from 'node:crypto';
import { createApp } from '../../index.js';
import { deleteKeys } from './redis-cleanup.js';
import { twoAppsOf, workerDefaultsContract } from './worker-defaults.contract.js';

workerDefaultsContract('redis', async () => {
  const prefix = `test-${randomUUID()}`;
  return twoAppsOf((logger) => createApp({ redis: 'redis://127.0.0.1:6379', prefix, logger }), () => deleteKeys(prefix));
});
