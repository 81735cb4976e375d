import { invalidOption } from '../../canvas/errors.js';
import { suggest } from '../../canvas/suggest.js';
import type { EventStream } from '../../engine/ports/events.js';
import type { QueueInspector } from '../../engine/ports/queue-inspector.js';
import type { WorkerRegistry } from '../../engine/ports/worker-registry.js';
import type { Broker, Clock, Logger, RateLimiter, ResultStore, Scheduler, TaskCatalog } from '../../engine/ports/index.js';
import { createMemoryAdapter } from '../memory/index.js';
import { createPostgresStore } from '../postgres/index.js';
import { createAppPostgresNames, resolvePostgresStoreOptions } from '../postgres/options.js';
import { createRedisAdapter } from '../redis/index.js';
import { redisOptionNames, resolveRedisAdapterOptions } from '../redis/options.js';
import type { AppOptions, DriverName, StoreName } from './app-options.js';

/** The adapters an app runs on: its half of the Ports, and how to close them. */
export interface SelectedAdapters {
  readonly driver: DriverName;
  readonly store: ResultStore;
  readonly broker: Broker;
  readonly scheduler: Scheduler;
  readonly rateLimiter: RateLimiter;
  /** What shows what runs: the event stream, the workers' registry and the queues' counts, all of the transport. */
  readonly events: EventStream;
  readonly registry: WorkerRegistry;
  readonly inspector: QueueInspector;
  /** Where workers publish their tasks: on the transport (Redis or memory), whatever the store. */
  readonly catalog: TaskCatalog;
  close(): Promise<void>;
}

const scope = 'createApp';
const known = ['driver', 'store', ...redisOptionNames, 'postgres', 'postgresSchema', 'logger', 'clock', 'ids', 'events', 'reporters', 'maxPayloadBytes'];

/**
 * The one place that picks the adapters for `createApp`: the driver (Redis or memory) and the store (the
 * driver's own or PostgreSQL). Every option is checked, by the adapter that owns it, before anything is built.
 */
export function selectAdapters(options: AppOptions, context: { clock: Clock; logger: Logger }, env: Record<string, string | undefined> = process.env): SelectedAdapters {
  if (typeof options !== 'object' || options === null) invalidOption(scope, 'options', 'Expected createApp() options to be an object');
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = suggest(key, known);
    invalidOption(scope, key, `Unknown option \`${key}\``, near ? `did you mean \`${near}\`?` : `known options: ${known.join(', ')}`);
  }
  const driver = options.driver ?? (options.redis !== undefined || env.REDIS_URL || env.REDIS_CLUSTER ? 'redis' : 'memory');
  if (driver !== 'redis' && driver !== 'memory') invalidOption(scope, 'driver', `Expected \`driver\` to be 'redis' or 'memory', got \`${String(driver)}\``);
  const store: StoreName = options.store ?? driver;
  if (store !== 'redis' && store !== 'memory' && store !== 'postgres') {
    invalidOption(scope, 'store', `Expected \`store\` to be 'redis', 'memory' or 'postgres', got \`${String(store)}\``);
  }
  if (store === 'redis' && driver !== 'redis') invalidOption(scope, 'store', "`store: 'redis'` needs `driver: 'redis'`", "use store 'memory' or 'postgres' with the memory driver");

  const { driver: _d, store: _s, postgres, postgresSchema, logger: _l, clock: _c, ids: _i, events: _e, reporters: _r, maxPayloadBytes: _m, ...redisOptions } = options;
  // Checked whichever the driver, so that a bad option fails the same way on every driver.
  resolveRedisAdapterOptions(redisOptions, scope, env);
  const postgresOptions = {
    ...(postgres !== undefined ? { url: postgres } : {}),
    ...(postgresSchema !== undefined ? { schema: postgresSchema } : {}),
    ...(options.resultTtlSeconds !== undefined ? { resultTtlSeconds: options.resultTtlSeconds } : {}),
    // The same deadline as on Redis, for a PostgreSQL store that cannot be reached.
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    logger: context.logger,
  };
  if (store === 'postgres' || postgres !== undefined) resolvePostgresStoreOptions(postgresOptions, scope, createAppPostgresNames);

  const transport =
    driver === 'memory' ? createMemoryAdapter({ clock: context.clock, logger: context.logger }) : createRedisAdapter({ ...redisOptions, logger: context.logger }, scope);
  // The transport's own store opens no connection until used, so leaving it unused costs nothing.
  const durable = store === 'postgres' ? createPostgresStore(postgresOptions, scope, createAppPostgresNames) : undefined;
  return {
    driver,
    store: durable ?? transport.store,
    broker: transport.broker,
    scheduler: transport.scheduler,
    rateLimiter: durable ?? transport.rateLimiter,
    events: transport.events,
    registry: transport.registry,
    inspector: transport.inspector,
    catalog: transport.catalog,
    async close() {
      await transport.close();
      await durable?.close();
    },
  };
}
