import { readdirSync, readFileSync } from 'node:fs';
import type { Pool } from 'pg';
import { quoteIdentifier } from './quote-identifier.js';

/** One file of `migrations/`, named `<number>_<what>.sql` and applied in name order. */
export interface Migration {
  readonly name: string;
  readonly sql: string;
}

const migrationsDir = new URL('./migrations/', import.meta.url);
/** What each migration writes where the schema's name goes, in function bodies too. */
const schemaPlaceholder = ':"schema"';
let loaded: readonly Migration[] | undefined;

/** Reads `migrations/*.sql` once per process. */
export function loadMigrations(): readonly Migration[] {
  loaded ??= readdirSync(migrationsDir)
    .filter((file) => /^\d+_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ name: file.slice(0, -'.sql'.length), sql: readFileSync(new URL(file, migrationsDir), 'utf8') }));
  return loaded;
}

/**
 * Brings `schema` up to date: creates it if missing, then applies each migration its `celeriac_migrations`
 * table does not list yet. Each file runs in its own transaction holding an advisory lock on the schema, so
 * processes starting at once apply it exactly once (the others wait, then find it listed), and a failing file
 * leaves nothing half done. Returns the names of the migrations this call applied.
 * @example
 * await migrate(pool, 'celeriac'); // ['001_initial', ..., '007_commit_root'] the first time, [] after
 */
export async function migrate(pool: Pool, schema: string, migrations: readonly Migration[] = loadMigrations()): Promise<string[]> {
  const quoted = quoteIdentifier(schema);
  const applied: string[] = [];
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    for (const migration of migrations) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`celeriac.migrate:${schema}`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${quoted}.celeriac_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
        const done = await client.query(`SELECT 1 FROM ${quoted}.celeriac_migrations WHERE name = $1`, [migration.name]);
        if (done.rowCount === 0) {
          await client.query(migration.sql.replaceAll(schemaPlaceholder, quoted));
          await client.query(`INSERT INTO ${quoted}.celeriac_migrations (name) VALUES ($1)`, [migration.name]);
          applied.push(migration.name);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`Migration ${migration.name} of schema ${schema} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // A client whose transaction failed is discarded rather than returned to the pool.
    client.release(broken);
  }
  return applied;
}
