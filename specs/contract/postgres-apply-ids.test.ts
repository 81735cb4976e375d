import { randomBytes } from 'node:crypto';
import { createApp } from '../../index.js';
import { applyIdsContract } from './apply-ids.contract.js';
import { dropSchema } from './postgres-drop-schema.js';

applyIdsContract('postgres', async () => {
  const schema = `test_${randomBytes(8).toString('hex')}`;
  const app = createApp({ driver: 'memory', store: 'postgres', postgresSchema: schema });
  return { app, cleanup: () => app.close().then(() => dropSchema(schema)) };
});
