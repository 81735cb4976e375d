import { Redis, type RedisOptions } from 'ioredis';
import { invalidOption } from '../../canvas/errors.js';
import { silentLogger, type Logger } from '../../engine/ports/index.js';
import { show, wholeNumber } from '../support/option-checks.js';
import { maskPassword } from './connection.js';

/**
 * Which Redis: a URL (`redis://`, `rediss://` for TLS), ioredis options (`host`, `port`, `password`, `tls`, `db`,
 * `sentinels` and `name`...), or an ioredis instance, from which Celeriac opens its own connections
 * (`duplicate()`), leaving yours as it is. Redis Cluster will take `{ cluster: [...nodes], options? }`.
 */
export type RedisConnectionOption = string | RedisOptions | Redis;

/** The Redis options `createApp` takes, by name: they belong to this adapter, which checks them. */
export const redisOptionNames = ['redis', 'prefix', 'resultTtlSeconds', 'lockDurationMs', 'stalledIntervalMs', 'connectTimeoutMs'] as const;

export interface RedisAdapterOptions {
  /** @default process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' */
  readonly redis?: RedisConnectionOption;
  /**
   * Starts every key, BullMQ's included: letters, digits, `_`, `.`, `-`, optionally after a hash tag such as
   * `{celeriac}`, which Redis Cluster needs (BullMQ's keys then share one slot, and so do the store's).
   * @default process.env.CELERIAC_PREFIX ?? 'celeriac'
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
  /** Where connection and worker errors are reported, each distinct one once. @default silentLogger */
  readonly logger?: Logger;
}

/** How to open a connection to the chosen Redis, and how to name it in errors (password masked). */
export interface RedisSource {
  readonly name: string;
  open(overrides?: RedisOptions): Redis;
}

export interface ResolvedRedisAdapterOptions {
  readonly source: RedisSource;
  readonly prefix: string;
  readonly resultTtlSeconds: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly maxStalledCount: number;
  readonly connectTimeoutMs: number;
  readonly logger: Logger;
}

const prefixPattern = /^(?:\{[A-Za-z0-9_.-]+\}[A-Za-z0-9_.-]*|[A-Za-z0-9_.-]+)$/;

/**
 * Applies defaults and checks every Redis option, for `createRedisAdapter` and for `createApp` (`scope` names
 * the caller in errors: "Invalid createApp option `prefix`: ...").
 */
export function resolveRedisAdapterOptions(
  options: RedisAdapterOptions,
  scope = 'createRedisAdapter',
  env: Record<string, string | undefined> = process.env,
): ResolvedRedisAdapterOptions {
  const prefix = options.prefix ?? env.CELERIAC_PREFIX ?? 'celeriac';
  if (typeof prefix !== 'string' || !prefixPattern.test(prefix)) {
    invalidOption(scope, 'prefix', `Expected \`prefix\` to be letters, digits, \`_\`, \`.\` or \`-\`, optionally after a hash tag such as \`{celeriac}\`, got ${show(prefix)}`);
  }
  return {
    // An empty REDIS_URL means none, as it does for choosing the driver.
    source: redisSource(options.redis ?? (env.REDIS_URL || 'redis://127.0.0.1:6379'), scope),
    prefix,
    resultTtlSeconds: wholeNumber(scope, 'resultTtlSeconds', options.resultTtlSeconds, 86_400),
    lockDurationMs: wholeNumber(scope, 'lockDurationMs', options.lockDurationMs, 30_000),
    stalledIntervalMs: wholeNumber(scope, 'stalledIntervalMs', options.stalledIntervalMs, 30_000),
    maxStalledCount: wholeNumber(scope, 'maxStalledCount', options.maxStalledCount, 1000),
    connectTimeoutMs: wholeNumber(scope, 'connectTimeoutMs', options.connectTimeoutMs, 10_000),
    logger: options.logger ?? silentLogger,
  };
}

function redisSource(option: unknown, scope: string): RedisSource {
  if (typeof option === 'string') {
    if (!/^rediss?:\/\//.test(option)) invalidOption(scope, 'redis', `Expected \`redis\` to be a URL such as 'redis://127.0.0.1:6379', got ${show(option)}`);
    return { name: maskPassword(option), open: (overrides) => new Redis(option, { ...overrides }) };
  }
  if (option instanceof Redis) {
    noKeyPrefix(option.options.keyPrefix, scope);
    return { name: nameOf(option.options), open: (overrides) => option.duplicate(overrides) };
  }
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    invalidOption(scope, 'redis', `Expected \`redis\` to be a URL, ioredis options or an ioredis instance, got ${show(option)}`);
  }
  if ('cluster' in option) {
    invalidOption(scope, 'redis', 'Redis Cluster (`{ cluster: [...] }`) is not supported yet', 'connect to one node, or to Sentinel with `{ sentinels, name }`');
  }
  const settings = option as RedisOptions;
  noKeyPrefix(settings.keyPrefix, scope);
  return { name: nameOf(settings), open: (overrides) => new Redis({ ...settings, ...overrides }) };
}

/** BullMQ builds its own keys from `prefix` and does not support ioredis's `keyPrefix`. */
function noKeyPrefix(keyPrefix: string | undefined, scope: string): void {
  if (keyPrefix) invalidOption(scope, 'redis', `Expected no \`keyPrefix\` in the Redis connection (BullMQ does not support it), got ${show(keyPrefix)}`, 'use `prefix`');
}

function nameOf(settings: RedisOptions): string {
  if (settings.sentinels?.length) return `Sentinel master '${settings.name ?? 'mymaster'}' via ${settings.sentinels.map((s) => `${s.host ?? '127.0.0.1'}:${s.port ?? 26379}`).join(',')}`;
  if (settings.path) return `redis+socket://${settings.path}`;
  return `${settings.tls ? 'rediss' : 'redis'}://${settings.host ?? '127.0.0.1'}:${settings.port ?? 6379}${settings.db ? `/${settings.db}` : ''}`;
}
