import { BullMQBroker } from './bullmq-broker.js';
import { connector } from './connection.js';
import { resolveRedisAdapterOptions, type RedisAdapterOptions } from './options.js';
import { RedisResultStore } from './redis-result-store.js';
import { RedisTaskCatalog } from './redis-task-catalog.js';
import type { Connection } from './connection.js';

export { BullMQBroker } from './bullmq-broker.js';
export type { RedisAdapterOptions, RedisConnectionOption } from './options.js';
export { redisOptionNames } from './options.js';
export { RedisResultStore } from './redis-result-store.js';

export interface RedisAdapter {
  readonly store: RedisResultStore;
  readonly broker: BullMQBroker;
  /** The broker again: BullMQ's job schedulers carry the schedules. */
  readonly scheduler: BullMQBroker;
  /** The store again: rate limits are counters next to the results. */
  readonly rateLimiter: RedisResultStore;
  /** The tasks workers published, on a connection of its own opened on first use. */
  readonly catalog: RedisTaskCatalog;
  /** Closes the broker (its workers and queues) and the store, and every connection they opened. */
  close(): Promise<void>;
}

/**
 * The result store and the broker on one Redis: results and workflow state in Lua scripts, task messages
 * through BullMQ. Connections open on first use. When Redis cannot be reached, the store's and the broker's
 * commands fail after `connectTimeoutMs` with a CeleriacError of code `UNAVAILABLE`; BullMQ workers keep
 * retrying until it is back.
 * @example
 * const redis = createRedisAdapter({ redis: 'redis://127.0.0.1:6379', prefix: 'shop' });
 * // hand redis.store and redis.broker to the app, then on shutdown:
 * await redis.close();
 */
export function createRedisAdapter(options: RedisAdapterOptions = {}, scope = 'createRedisAdapter'): RedisAdapter {
  const resolved = resolveRedisAdapterOptions(options, scope);
  const connect = connector(resolved.source, resolved.connectTimeoutMs);
  const logger = resolved.logger;
  const store = new RedisResultStore({ connect, prefix: resolved.prefix, resultTtlSeconds: resolved.resultTtlSeconds, logger });
  const broker = new BullMQBroker({
    connect,
    prefix: resolved.prefix,
    lockDurationMs: resolved.lockDurationMs,
    stalledIntervalMs: resolved.stalledIntervalMs,
    maxStalledCount: resolved.maxStalledCount,
    logger,
    resultTtlSeconds: resolved.resultTtlSeconds,
  });
  let catalogConnection: Connection | undefined;
  const catalog = new RedisTaskCatalog(() => (catalogConnection ??= connect()), resolved.prefix);
  return {
    store,
    broker,
    scheduler: broker,
    rateLimiter: store,
    catalog,
    async close() {
      await broker.close();
      await store.close();
      await catalogConnection?.close();
    },
  };
}
