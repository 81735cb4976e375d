import { BullMQBroker } from './bullmq-broker.js';
import { connector } from './connection.js';
import { resolveRedisAdapterOptions, type RedisAdapterOptions } from './options.js';
import { RedisResultStore } from './redis-result-store.js';
import { BullMQInspector } from './bullmq-inspector.js';
import { RedisEventStream } from './event-stream.js';
import { RedisWorkerRegistry } from './redis-worker-registry.js';
import { RedisTaskCatalog } from './redis-task-catalog.js';
import type { Connection } from './connection.js';
import { sharedSlotBase } from './keys.js';

export { BullMQBroker } from './bullmq-broker.js';
export type { RedisAdapterOptions, RedisConnectionOption } from './options.js';
export { redisOptionNames } from './options.js';
export { RedisResultStore } from './redis-result-store.js';
export { BullMQInspector } from './bullmq-inspector.js';
export { RedisEventStream } from './event-stream.js';
export { RedisWorkerRegistry } from './redis-worker-registry.js';

export interface RedisAdapter {
  readonly store: RedisResultStore;
  readonly broker: BullMQBroker;
  /** The broker again: BullMQ's job schedulers carry the schedules. */
  readonly scheduler: BullMQBroker;
  /** The store again: rate limits are counters next to the results. */
  readonly rateLimiter: RedisResultStore;
  /** The queues as BullMQ counts them, for inspect and metrics. */
  readonly inspector: BullMQInspector;
  /** The app's event stream, `<prefix>:events`. */
  readonly events: RedisEventStream;
  /** Workers' heartbeats. */
  readonly registry: RedisWorkerRegistry;
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
  const inspector = new BullMQInspector({ connect, prefix: resolved.prefix, prefixOf: (queue) => broker.prefixOf(queue), logger });
  const events = new RedisEventStream({ connect, prefix: resolved.prefix, logger });
  const registry = new RedisWorkerRegistry({ connect, prefix: resolved.prefix, logger });
  let catalogConnection: Connection | undefined;
  // A publish or lookup pipelines over one hash per task name: on a cluster they share the prefix's slot.
  const catalog = new RedisTaskCatalog(() => (catalogConnection ??= connect()), sharedSlotBase(resolved.prefix, connect.cluster));
  return {
    store,
    broker,
    scheduler: broker,
    rateLimiter: store,
    inspector,
    events,
    registry,
    catalog,
    async close() {
      await broker.close();
      await Promise.all([events.close(), inspector.close(), registry.close()]);
      await store.close();
      await catalogConnection?.close();
    },
  };
}
