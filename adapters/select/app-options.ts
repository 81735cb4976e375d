import type { Clock, IdGenerator, Logger } from '../../engine/ports/index.js';
import type { Reporter } from '../../engine/ports/reporter.js';
import type { RedisConnectionOption } from '../redis/options.js';

export type DriverName = 'redis' | 'memory';
export type StoreName = 'redis' | 'memory' | 'postgres';

/**
 * Options of `createApp()`; all optional. Each adapter defines, defaults and checks its own (Redis:
 * `adapters/redis/options.ts`, PostgreSQL: `adapters/postgres/options.ts`); this type gathers them.
 */
export interface AppOptions {
  /** `'redis'` or `'memory'` (in-process, no server). @default 'redis' when a Redis is given (the `redis` option, REDIS_URL or REDIS_CLUSTER), else 'memory' */
  readonly driver?: DriverName;
  /** Where results and workflow state live. `'postgres'` keeps them durable, so `app.recover()` can re-drive workflows after Redis lost its data. @default the driver's own */
  readonly store?: StoreName;
  /** PostgreSQL URL for `store: 'postgres'`. @default process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' */
  readonly postgres?: string;
  /** PostgreSQL schema for `store: 'postgres'`. @default 'celeriac' */
  readonly postgresSchema?: string;
  /**
   * Which Redis: a URL (`redis://`, `rediss://`), ioredis options (`host`, `port`, `password`, `tls`, `db`,
   * `sentinels` and `name`...), an ioredis instance (Celeriac opens its own connections from it with
   * `duplicate()`; yours stays as it is), or a Redis Cluster: `{ cluster: [{ host, port }, ...], options? }`
   * (ioredis Cluster options). @default process.env.REDIS_CLUSTER (`host:port,host:port`), else process.env.REDIS_URL
   */
  readonly redis?: RedisConnectionOption;
  /**
   * Prefix of every Redis key, so several apps can share one Redis. On Redis Cluster, leave it without a hash tag:
   * each queue then gets its own (`{<prefix>:<queue>}`) and workflows spread over the masters; a prefix with a
   * tag (`{celeriac}`) puts everything on that tag's one slot. @default process.env.CELERIAC_PREFIX ?? 'celeriac'
   */
  readonly prefix?: string;
  /** How long results and workflow state are kept after a workflow ends, in seconds; must exceed the longest time a workflow runs. @default 86400 */
  readonly resultTtlSeconds?: number;
  /** Redis driver tuning: how long a worker holds a job before another may take it over after a crash. @default 30000 */
  readonly lockDurationMs?: number;
  /** Redis driver tuning: how often stalled jobs (of dead workers) are looked for. @default 30000 */
  readonly stalledIntervalMs?: number;
  /**
   * How long `apply`, `get` and other calls wait for an unreachable Redis (or PostgreSQL store) before they fail
   * with a CeleriacError of code `UNAVAILABLE`, also when Redis dies with the reply still due. BullMQ workers
   * are not bound by it: they keep retrying until Redis is back. @default 10000
   */
  readonly connectTimeoutMs?: number;
  /**
   * The most bytes (as JSON) a task's arguments, a workflow's input or a task's result may take. `apply` throws
   * `PayloadTooLarge` naming the task and the size before storing anything; a worker fails the task with it
   * (not retried). Large data belongs in a blob store, with its key in the arguments. @default 10485760 (10 MiB)
   */
  readonly maxPayloadBytes?: number;
  /** Where the engine and the adapters report warnings and background errors; a pino logger fits. @default lines on stderr, from `info` up */
  readonly logger?: Logger;
  /**
   * The cluster event stream (`app.events()`, `celeriac events`): on, off (`false`: nothing is published;
   * hooks, metrics and logs still see every event), or on with task arguments and results in the events.
   * @default { includeArgs: false }
   */
  readonly events?: false | { readonly includeArgs?: boolean };
  /** Told of every task that fails for good, e.g. `[emailReporter({ smtp, to }), webhookReporter({ url })]`. @default [] */
  readonly reporters?: readonly Reporter[];
  /** For tests: the time source. @default the system clock */
  readonly clock?: Clock;
  /** For tests: ids and randomness. @default random UUIDs */
  readonly ids?: IdGenerator;
}
