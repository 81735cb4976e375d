import { Client } from 'pg';

/** Drops a test's PostgreSQL schema with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
