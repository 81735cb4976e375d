import type { PoolConfig } from 'pg';

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
}

export interface ResolvedPostgresStoreOptions {
  readonly url: string;
  readonly schema: string;
  readonly resultTtlSeconds: number;
  readonly pool: PoolConfig;
}

const schemaPattern = /^[a-z_][a-z0-9_]{0,53}$/;

export function resolvePostgresStoreOptions(options: PostgresStoreOptions): ResolvedPostgresStoreOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError(`Expected the options to be an object, got ${show(options)}`);
  const url = options.url ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url)) {
    throw new TypeError(`Expected \`url\` to be a postgres:// or postgresql:// URL, got ${show(url)}`);
  }
  const schema = options.schema ?? 'celeriac';
  if (typeof schema !== 'string' || !schemaPattern.test(schema)) {
    throw new TypeError(`Expected \`schema\` to be a lowercase SQL identifier of 1 to 54 characters (a-z, 0-9, _; not starting with a digit), got ${show(schema)}`);
  }
  const pool = options.pool ?? {};
  if (typeof pool !== 'object' || pool === null) throw new TypeError(`Expected \`pool\` to be node-postgres pool options, got ${show(pool)}`);
  if (pool.connectionString !== undefined) {
    throw new TypeError(`Expected no \`pool.connectionString\`, got ${show(pool.connectionString)}; use \`url\``);
  }
  return { url, schema, resultTtlSeconds: positiveInteger('resultTtlSeconds', options.resultTtlSeconds, 86_400), pool };
}

/** Up to PostgreSQL's integer, which the functions take (68 years of seconds). */
function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > 2 ** 31 - 1) {
    throw new TypeError(`Expected \`${name}\` to be an integer from 1 to 2147483647, got ${show(value)}`);
  }
  return value;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `\`${value.replace(/\/\/[^@/]*@/, '//***@')}\` (string)`;
  return `\`${String(value)}\` (${value === null ? 'null' : typeof value})`;
}
