import { resolvePostgresStoreOptions, type PostgresStoreOptions } from './options.js';
import { PostgresResultStore } from './postgres-result-store.js';

export { migrate } from './migrate.js';
export type { PostgresStoreOptions } from './options.js';
export { PostgresResultStore } from './postgres-result-store.js';

/**
 * The result store on PostgreSQL: workflow state, outcomes, join parts and rate limits in one schema, created
 * and migrated on first use. Connections open on first use; tasks still travel through a broker (BullMQ).
 * @example
 * const store = createPostgresStore({ url: process.env.DATABASE_URL, schema: 'shop' });
 * // hand store to the app with a broker, then on shutdown:
 * await store.close();
 */
export function createPostgresStore(options: PostgresStoreOptions = {}, scope?: string, names?: Partial<Record<'url' | 'schema', string>>): PostgresResultStore {
  return new PostgresResultStore(resolvePostgresStoreOptions(options, scope, names));
}
