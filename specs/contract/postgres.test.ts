import { randomBytes } from 'node:crypto';
import { createPostgresStore } from '../../adapters/postgres/index.js';
import { dropSchema } from './postgres-drop-schema.js';
import { rateLimiterContract } from './rate-limiter.contract.js';
import { resultStoreContract } from './result-store.contract.js';

/** Each fixture gets its own schema, dropped with everything in it once the store is closed. */
async function postgres() {
  const schema = `test_${randomBytes(8).toString('hex')}`;
  const store = createPostgresStore({ schema });
  return { store, rateLimiter: store, cleanup: () => store.close().then(() => dropSchema(schema)) };
}

resultStoreContract('postgres', postgres, { endsWithRootCommit: true });
rateLimiterContract('postgres', postgres);
