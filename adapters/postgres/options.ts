import type { PoolConfig } from 'pg';
import { invalidOption } from '../../canvas/errors.js';
import { silentLogger, type Logger } from '../../engine/ports/index.js';
import { show, wholeNumber } from '../support/option-checks.js';

export interface PostgresStoreOptions {
  /** @default process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' */
  readonly url?: string;
  /**
   * The schema holding every table and function, created on first use if missing. A lowercase SQL identifier
   * of up to 54 characters, as it also names the channel finished workflows are notified on. @default 'celeriac'
   */
  readonly schema?: string;
  /** How long a workflow's rows are kept after its last write, until `purgeExpired()` deletes them. @default 86400 */
  readonly resultTtlSeconds?: number;
  /**
   * node-postgres pool options (`max`, `idleTimeoutMillis`, `ssl`...), also used for the one LISTEN connection.
   * Settings the URL gives too (host, user, database...) are taken from the URL; `connectionString` is not
   * supported: use `url`.
   */
  readonly pool?: PoolConfig;
  /** Where pool and LISTEN connection errors are reported, each distinct one once. @default silentLogger */
  readonly logger?: Logger;
  /**
   * How long a call waits for a connection (a new one, or a free one of the pool) before it fails with a
   * CeleriacError of code `UNAVAILABLE`, as on Redis. @default 10000
   */
  readonly connectTimeoutMs?: number;
  /**
   * How long one statement may take, on the server (`statement_timeout`) and on the client (for a server that
   * accepts connections and never answers), before the call fails with `UNAVAILABLE`. @default 30000
   */
  readonly statementTimeoutMs?: number;
}

export interface ResolvedPostgresStoreOptions {
  readonly url: string;
  readonly schema: string;
  readonly resultTtlSeconds: number;
  readonly pool: PoolConfig;
  readonly logger: Logger;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
}

const schemaPattern = /^[a-z_][a-z0-9_]{0,53}$/;

/** What `createApp` calls the store's options (`postgres` is the store's `url`), for its error messages. */
export const createAppPostgresNames = { url: 'postgres', schema: 'postgresSchema' } as const;

/**
 * Applies defaults and checks every option of the store, for `createPostgresStore` and for `createApp`
 * (`scope` names the caller in errors; `names` says what the caller calls each option, as createApp says
 * `postgres` for `url`).
 */
export function resolvePostgresStoreOptions(
  options: PostgresStoreOptions,
  scope = 'createPostgresStore',
  names: Partial<Record<'url' | 'schema', string>> = {},
): ResolvedPostgresStoreOptions {
  if (typeof options !== 'object' || options === null) invalidOption(scope, 'options', `Expected the options to be an object, got ${show(options)}`);
  const urlName = names.url ?? 'url';
  const schemaName = names.schema ?? 'schema';
  const url = options.url ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url)) {
    invalidOption(scope, urlName, `Expected \`${urlName}\` to be a postgres:// or postgresql:// URL, got ${show(url)}`);
  }
  const schema = options.schema ?? 'celeriac';
  if (typeof schema !== 'string' || !schemaPattern.test(schema)) {
    invalidOption(scope, schemaName, `Expected \`${schemaName}\` to be a lowercase SQL identifier of 1 to 54 characters (a-z, 0-9, _; not starting with a digit), got ${show(schema)}`);
  }
  const pool = options.pool ?? {};
  if (typeof pool !== 'object' || pool === null) invalidOption(scope, 'pool', `Expected \`pool\` to be node-postgres pool options, got ${show(pool)}`);
  if (pool.connectionString !== undefined) {
    invalidOption(scope, 'pool', `Expected no \`pool.connectionString\`, got ${show(pool.connectionString)}`, `use \`${urlName}\``);
  }
  // Up to PostgreSQL's integer, which the functions take (68 years of seconds).
  const resultTtlSeconds = wholeNumber(scope, 'resultTtlSeconds', options.resultTtlSeconds, 86_400, 1, 2 ** 31 - 1);
  const connectTimeoutMs = wholeNumber(scope, 'connectTimeoutMs', options.connectTimeoutMs, 10_000, 1, 2 ** 31 - 1);
  const statementTimeoutMs = wholeNumber(scope, 'statementTimeoutMs', options.statementTimeoutMs, 30_000, 1, 2 ** 31 - 1);
  return { url, schema, resultTtlSeconds, pool, logger: options.logger ?? silentLogger, connectTimeoutMs, statementTimeoutMs };
}
