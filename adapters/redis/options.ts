import type { RedisOptions } from 'ioredis';

export interface RedisAdapterOptions {
  /** @default process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' */
  readonly url?: string;
  /** ioredis options, applied over what the URL says. `keyPrefix` is not supported: use `prefix`. */
  readonly connection?: RedisOptions;
  /**
   * Starts every key, BullMQ's included. On Redis Cluster, BullMQ needs a hash tag here (`{celeriac}`); the
   * store then keeps every workflow in that one slot too. @default 'celeriac'
   */
  readonly prefix?: string;
  /**
   * How long a workflow's results live after it ends (finished or revoked). Its keys get this TTL when it is
   * created and again when it ends, not on every task, so it must exceed the longest time a workflow runs. @default 86400
   */
  readonly resultTtlSeconds?: number;
  /** BullMQ's lock on a running job; renewed at half this while the job runs. @default 30000 */
  readonly lockDurationMs?: number;
  /** How often workers look for jobs whose worker died. @default 30000 */
  readonly stalledIntervalMs?: number;
  /** How many times a job whose worker died comes back before BullMQ fails it. @default 1000 */
  readonly maxStalledCount?: number;
  /**
   * How long a store or broker command (enqueue, createWorkflow, a read, a wait's subscription) waits for the
   * connection to be ready before it fails with a CeleriacError of code `UNAVAILABLE`, so that a dead Redis
   * or a wrong URL fails fast instead of hanging. BullMQ workers are not bound by it: they retry for ever.
   * @default 10000
   */
  readonly connectTimeoutMs?: number;
}

export interface ResolvedRedisAdapterOptions {
  readonly url: string;
  readonly connection: RedisOptions;
  readonly prefix: string;
  readonly resultTtlSeconds: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly maxStalledCount: number;
  readonly connectTimeoutMs: number;
}

export function resolveRedisAdapterOptions(options: RedisAdapterOptions): ResolvedRedisAdapterOptions {
  const prefix = options.prefix ?? 'celeriac';
  if (typeof prefix !== 'string' || prefix === '') {
    throw new TypeError(`Expected \`prefix\` to be a non-empty string, got ${show(prefix)}`);
  }
  if (options.connection?.keyPrefix) {
    throw new TypeError(`Expected no \`connection.keyPrefix\` (BullMQ does not support it), got ${show(options.connection.keyPrefix)}; use \`prefix\``);
  }
  return {
    url: options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    connection: options.connection ?? {},
    prefix,
    resultTtlSeconds: positiveInteger('resultTtlSeconds', options.resultTtlSeconds, 86_400),
    lockDurationMs: positiveInteger('lockDurationMs', options.lockDurationMs, 30_000),
    stalledIntervalMs: positiveInteger('stalledIntervalMs', options.stalledIntervalMs, 30_000),
    maxStalledCount: positiveInteger('maxStalledCount', options.maxStalledCount, 1000),
    connectTimeoutMs: positiveInteger('connectTimeoutMs', options.connectTimeoutMs, 10_000),
  };
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`Expected \`${name}\` to be an integer from 1 and up, got ${show(value)}`);
  return value;
}

function show(value: unknown): string {
  return `\`${String(value)}\` (${typeof value})`;
}
