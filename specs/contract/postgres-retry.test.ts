import { randomBytes, randomUUID } from 'node:crypto';
import { createApp } from '../../index.js';
import { dropSchema } from './postgres-drop-schema.js';
import { deleteKeys } from './redis-cleanup.js';
import { retryContract } from './retry.contract.js';

// Results in PostgreSQL, tasks through BullMQ on Redis.
retryContract('postgres', async () => {
  const schema = `test_${randomBytes(8).toString('hex')}`;
  const prefix = `test-${randomUUID()}`;
  const app = createApp({ redis: 'redis://127.0.0.1:6379', prefix, store: 'postgres', postgresSchema: schema });
  return { app, cleanup: () => app.close().then(() => Promise.all([dropSchema(schema), deleteKeys(prefix)])).then(() => undefined) };
});
