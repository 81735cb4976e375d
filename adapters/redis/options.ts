import { Cluster, Redis, type ClusterNode, type ClusterOptions, type RedisOptions } from 'ioredis';
import { invalidOption } from '../../canvas/errors.js';
import { silentLogger, type Logger } from '../../engine/ports/index.js';
import { show, wholeNumber } from '../support/option-checks.js';
import { maskPassword } from './connection.js';

/**
 * Which Redis: a URL (`redis://`, `rediss://` for TLS), ioredis options (`host`, `port`, `password`, `tls`, `db`,
 * `sentinels` and `name`...), an ioredis instance, from which Celeriac opens its own connections
 * (`duplicate()`), leaving yours as it is, or a Redis Cluster (`{ cluster: [...nodes], options? }`).
 */
export type RedisConnectionOption = string | RedisOptions | Redis | RedisClusterOption;

/**
 * Redis Cluster through ioredis's `Cluster` client: some of its nodes (it finds the others) and its options
 * (`redisOptions` for every node connection: `password`, `tls`...). On a cluster, each BullMQ queue lives
 * under its own hash tag, `{<prefix>:<queue>}`, and each workflow's keys under `{<workflow id>}`.
 * @example
 * createApp({ redis: { cluster: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7000 }] } });
 */
export interface RedisClusterOption {
  readonly cluster: readonly ClusterNode[];
  readonly options?: ClusterOptions;
}

/** A connection of either kind; both speak the same commands, a Cluster routing each by its key's slot. */
export type RedisClient = Redis | Cluster;

/** The Redis options `createApp` takes, by name: they belong to this adapter, which checks them. */
export const redisOptionNames = ['redis', 'prefix', 'resultTtlSeconds', 'lockDurationMs', 'stalledIntervalMs', 'connectTimeoutMs'] as const;

export interface RedisAdapterOptions {
  /**
   * From the environment: `REDIS_CLUSTER=host:port,host:port` (a cluster; wins over REDIS_URL) or `REDIS_URL`.
   * @default process.env.REDIS_CLUSTER ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
   */
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

/** How a connection will be used, for what a cluster connection needs beyond a plain one. */
export interface OpenOptions {
  /** Overrides of the per-node connection options (e.g. `maxRetriesPerRequest: null` for BullMQ workers). */
  readonly redis?: RedisOptions;
  /** It will SSUBSCRIBE: on a cluster, one subscriber per master (ioredis `shardedSubscribers`). */
  readonly sharded?: boolean;
}

/** How to open a connection to the chosen Redis, and how to name it in errors (password masked). */
export interface RedisSource {
  readonly name: string;
  /** A Redis Cluster: keys are laid out per slot and notifications use sharded pub/sub. */
  readonly cluster: boolean;
  open(options?: OpenOptions): RedisClient;
}

export interface ResolvedRedisAdapterOptions {
  readonly source: RedisSource;
  /** Keys of the store; BullMQ's are under `queuePrefix(prefix, queue, source.cluster)`. */
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
    // An empty REDIS_URL or REDIS_CLUSTER means none, as it does for choosing the driver.
    source: redisSource(options.redis ?? (env.REDIS_CLUSTER ? clusterFromEnv(env.REDIS_CLUSTER) : env.REDIS_URL || 'redis://127.0.0.1:6379'), scope),
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
    return { name: maskPassword(option), cluster: false, open: (how) => new Redis(option, { ...how?.redis }) };
  }
  if (option instanceof Redis) {
    noKeyPrefix(option.options.keyPrefix, scope);
    return { name: nameOf(option.options), cluster: false, open: (how) => option.duplicate(how?.redis) };
  }
  if (option instanceof Cluster) {
    invalidOption(scope, 'redis', 'Expected Redis Cluster as `{ cluster: [...nodes], options? }`, got an ioredis Cluster instance', 'pass its nodes and options instead');
  }
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    invalidOption(scope, 'redis', `Expected \`redis\` to be a URL, ioredis options, an ioredis instance or \`{ cluster: [...nodes] }\`, got ${show(option)}`);
  }
  if ('cluster' in option) return clusterSource(option as RedisClusterOption, scope);
  const settings = option as RedisOptions;
  noKeyPrefix(settings.keyPrefix, scope);
  return { name: nameOf(settings), cluster: false, open: (how) => new Redis({ ...settings, ...how?.redis }) };
}

function clusterSource(option: RedisClusterOption, scope: string): RedisSource {
  const { cluster: nodes, options = {} } = option;
  const extra = Object.keys(option).filter((key) => key !== 'cluster' && key !== 'options');
  if (extra.length > 0) invalidOption(scope, 'redis', `Expected Redis Cluster as \`{ cluster: [...nodes], options? }\`, got also ${extra.map((k) => `\`${k}\``).join(', ')}`, 'put ioredis Cluster options under `options`');
  if (!Array.isArray(nodes) || nodes.length === 0) {
    invalidOption(scope, 'redis', `Expected \`redis.cluster\` to be a non-empty list of nodes such as \`[{ host: '127.0.0.1', port: 7000 }]\`, got ${show(nodes)}`);
  }
  if (typeof options !== 'object' || options === null) invalidOption(scope, 'redis', `Expected \`redis.options\` to be ioredis Cluster options, got ${show(options)}`);
  noKeyPrefix(options.keyPrefix ?? options.redisOptions?.keyPrefix, scope);
  const list = nodes.map((node) => (typeof node === 'object' ? `${node.host ?? '127.0.0.1'}:${node.port ?? 6379}` : String(node)));
  return {
    name: `Redis Cluster via ${list.join(',')}`,
    cluster: true,
    open: (how) =>
      new Cluster([...nodes], {
        ...options,
        ...(how?.sharded ? { shardedSubscribers: true } : {}),
        redisOptions: { ...options.redisOptions, ...how?.redis },
      }),
  };
}

/** `REDIS_CLUSTER=host:port,host:port`: a few of the cluster's nodes (ioredis finds the rest). */
export function clusterFromEnv(value: string): RedisClusterOption {
  const cluster = value.split(',').map((entry) => {
    const match = /^\s*([^\s:]+|\[[^\]]+\]):(\d{1,5})\s*$/.exec(entry);
    if (!match) {
      invalidOption('REDIS_CLUSTER', 'REDIS_CLUSTER', `Expected REDIS_CLUSTER to be \`host:port\` entries separated by commas, got \`${entry}\` in \`${value}\``);
    }
    return { host: match[1]!.replace(/^\[|\]$/g, ''), port: Number(match[2]) };
  });
  return { cluster };
}

/**
 * The prefix of BullMQ's keys for one queue. On one Redis it is the prefix itself. On a cluster every key of a
 * queue must share a slot (its scripts and MULTIs touch several), so a prefix without a hash tag gets one per
 * queue, `{<prefix>:<queue>}`: each queue is one slot, and different queues spread over the masters. A prefix
 * that has its own tag (`{app}`) is kept as it is, which puts every queue on that one slot.
 */
export function queuePrefix(prefix: string, queue: string, cluster: boolean): string {
  return cluster && !prefix.startsWith('{') ? `{${prefix}:${queue}}` : prefix;
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
