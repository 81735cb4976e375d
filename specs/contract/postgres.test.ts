import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createPostgresStore } from '../../adapters/postgres/index.js';
import { rateLimiterContract } from './rate-limiter.contract.js';
import { resultStoreContract } from './result-store.contract.js';

/** Each fixture gets its own schema, dropped with everything in it once the store is closed. */
async function postgres() {
  const schema = `test_${randomBytes(8).toString('hex')}`;
  const store = createPostgresStore({ schema });
  return { store, rateLimiter: store, cleanup: () => store.close().then(() => dropSchema(schema)) };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

resultStoreContract('postgres', postgres);
rateLimiterContract('postgres', postgres);
