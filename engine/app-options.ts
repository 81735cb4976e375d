import { invalid } from '../canvas/errors.js';
import { describe } from '../canvas/json.js';
import type { Clock } from './ports/clock.js';
import type { IdGenerator } from './ports/ids.js';
import type { ResolvedWorkerOptions, WorkerOptions } from './runtime/worker.js';

export type DriverName = 'redis' | 'memory';
export type StoreName = 'redis' | 'memory' | 'postgres';

/** Options of `createApp()`; all optional. */
export interface AppOptions {
  /** `'redis'` or `'memory'` (in-process, no server). @default 'redis' when a URL is given (option or REDIS_URL), else 'memory' */
  readonly driver?: DriverName;
  /** Where results and workflow state live. `'postgres'` keeps them durable, so `app.recover()` can re-drive workflows after Redis lost its data. @default the driver's own */
  readonly store?: StoreName;
  /** PostgreSQL URL for `store: 'postgres'`. @default process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' */
  readonly postgres?: string;
  /** PostgreSQL schema for `store: 'postgres'`. @default 'celeriac' */
  readonly postgresSchema?: string;
  /** Redis URL. @default process.env.REDIS_URL */
  readonly redis?: string;
  /** Prefix of every Redis key, so several apps can share one Redis. @default process.env.CELERIAC_PREFIX ?? 'celeriac' */
  readonly prefix?: string;
  /** How long results and workflow state are kept after a workflow ends, in seconds; must exceed the longest time a workflow runs. @default 86400 */
  readonly resultTtlSeconds?: number;
  /** For tests: the time source. @default the system clock */
  readonly clock?: Clock;
  /** For tests: ids and randomness. @default random UUIDs */
  readonly ids?: IdGenerator;
  /** Redis driver tuning: how long a worker holds a job before another may take it over after a crash. @default 30000 */
  readonly lockDurationMs?: number;
  /** Redis driver tuning: how often stalled jobs (of dead workers) are looked for. @default 30000 */
  readonly stalledIntervalMs?: number;
  /**
   * Redis driver: how long `apply`, `get` and other calls wait for an unreachable Redis before they fail with a
   * CeleriacError of code `UNAVAILABLE`. Workers are not bound by it: they keep retrying until Redis is back.
   * @default 10000
   */
  readonly connectTimeoutMs?: number;
}

export interface ResolvedAppOptions {
  readonly driver: DriverName;
  readonly store: StoreName;
  readonly postgres: string | undefined;
  readonly postgresSchema: string | undefined;
  readonly redis: string | undefined;
  readonly prefix: string;
  readonly resultTtlSeconds: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly connectTimeoutMs: number;
  readonly clock: Clock | undefined;
  readonly ids: IdGenerator | undefined;
}

const known = ['driver', 'store', 'postgres', 'postgresSchema', 'redis', 'prefix', 'resultTtlSeconds', 'clock', 'ids', 'lockDurationMs', 'stalledIntervalMs', 'connectTimeoutMs'];

/** Applies defaults and checks every option, naming the option, what was expected and what came. */
export function resolveAppOptions(options: AppOptions = {}, env: Record<string, string | undefined> = process.env): ResolvedAppOptions {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) invalid(`/${key}`, `Unknown createApp option \`${key}\``, `known options: ${known.join(', ')}`);
  }
  if (options.driver !== undefined && options.driver !== 'redis' && options.driver !== 'memory') {
    invalid('/driver', `Expected \`driver\` to be 'redis' or 'memory', got \`${String(options.driver)}\` (${describe(options.driver)})`);
  }
  if (options.redis !== undefined && (typeof options.redis !== 'string' || !/^rediss?:\/\//.test(options.redis))) {
    invalid('/redis', `Expected \`redis\` to be a URL such as 'redis://127.0.0.1:6379', got \`${String(options.redis)}\``);
  }
  const prefix = options.prefix ?? env.CELERIAC_PREFIX ?? 'celeriac';
  if (typeof prefix !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(prefix)) {
    invalid('/prefix', `Expected \`prefix\` to be letters, digits, \`_\`, \`.\` or \`-\`, got \`${String(prefix)}\``);
  }
  const positive = (name: 'resultTtlSeconds' | 'lockDurationMs' | 'stalledIntervalMs' | 'connectTimeoutMs', fallback: number): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      invalid(`/${name}`, `Expected \`${name}\` to be a whole number from 1 and up, got \`${String(value)}\` (${describe(value)})`);
    }
    return value;
  };
  const url = options.redis ?? env.REDIS_URL;
  const driver = options.driver ?? (url ? 'redis' : 'memory');
  const store = options.store ?? driver;
  if (store !== 'redis' && store !== 'memory' && store !== 'postgres') {
    invalid('/store', `Expected \`store\` to be 'redis', 'memory' or 'postgres', got \`${String(store)}\``);
  }
  if (store === 'redis' && driver !== 'redis') invalid('/store', "`store: 'redis'` needs `driver: 'redis'`", "use store 'memory' or 'postgres' with the memory driver");
  if (options.postgres !== undefined && !/^postgres(ql)?:\/\//.test(options.postgres)) {
    invalid('/postgres', `Expected \`postgres\` to be a URL such as 'postgresql://postgres@127.0.0.1:5432/test', got \`${String(options.postgres)}\``);
  }
  return {
    driver,
    store,
    postgres: store === 'postgres' ? (options.postgres ?? env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test') : undefined,
    postgresSchema: store === 'postgres' ? options.postgresSchema : undefined,
    redis: driver === 'redis' ? (url ?? 'redis://127.0.0.1:6379') : undefined,
    prefix,
    resultTtlSeconds: positive('resultTtlSeconds', 86_400),
    lockDurationMs: positive('lockDurationMs', 30_000),
    stalledIntervalMs: positive('stalledIntervalMs', 30_000),
    connectTimeoutMs: positive('connectTimeoutMs', 10_000),
    clock: options.clock,
    ids: options.ids,
  };
}

export function resolveWorkerOptions(options: WorkerOptions = {}): ResolvedWorkerOptions {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    invalid('/concurrency', `Expected \`concurrency\` to be a whole number from 1 and up, got \`${String(concurrency)}\` (${describe(concurrency)})`);
  }
  const queues = options.queues ?? ['default'];
  if (!Array.isArray(queues) || queues.length === 0 || queues.some((q) => typeof q !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(q))) {
    invalid('/queues', `Expected \`queues\` to be a non-empty list of queue names, got \`${JSON.stringify(queues)}\``);
  }
  return { concurrency, queues: [...new Set(queues)] };
}
