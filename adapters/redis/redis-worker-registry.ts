import type { WorkerRecord, WorkerRegistry } from '../../engine/ports/worker-registry.js';
import { silentLogger, type Logger } from '../../engine/ports/index.js';
import { logOnce } from '../support/log-once.js';
import type { Connect, Connection } from './connection.js';
import { sharedSlotBase, workerKey, workersKey } from './keys.js';

/**
 * Workers' heartbeats on Redis: each record is a key with a TTL (`<prefix>:worker:<id>`, JSON), and a sorted
 * set (`<prefix>:workers`) scores each id by when its record expires, so listing reads the live ids without
 * KEYS or SCAN. A beat costs one MULTI (SET PX, ZADD, and trimming the ids that expired). On a cluster both
 * live under a `{<prefix>}` hash tag, so the MULTI and the MGET stay within one slot.
 */
export class RedisWorkerRegistry implements WorkerRegistry {
  readonly #connect: Connect;
  readonly #prefix: string;
  #connection: Connection | undefined;
  readonly #log: (error: unknown) => void;

  constructor(options: { readonly connect: Connect; readonly prefix: string; readonly logger?: Logger }) {
    this.#log = logOnce(options.logger ?? silentLogger, 'worker registry');
    this.#connect = options.connect;
    this.#prefix = sharedSlotBase(options.prefix, options.connect.cluster);
  }

  async beat(record: WorkerRecord, ttlMs: number): Promise<void> {
    const expiresAt = record.lastHeartbeatAt + ttlMs;
    const index = workersKey(this.#prefix);
    await this.connection().run(`beat the heartbeat of worker ${record.id}`, async () => {
      const results = await this.connection()
        .redis.multi()
        .set(workerKey(this.#prefix, record.id), JSON.stringify(record), 'PX', ttlMs)
        .zadd(index, expiresAt, record.id)
        .zremrangebyscore(index, '-inf', `(${record.lastHeartbeatAt}`)
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (failed) throw failed;
    });
  }

  async remove(workerId: string): Promise<void> {
    await this.connection().run(`remove worker ${workerId}`, async () => {
      await this.connection().redis.multi().del(workerKey(this.#prefix, workerId)).zrem(workersKey(this.#prefix), workerId).exec();
    });
  }

  async list(now: number): Promise<WorkerRecord[]> {
    const redis = this.connection().redis;
    const ids = await this.connection().run('list workers', () => redis.zrangebyscore(workersKey(this.#prefix), `(${now}`, '+inf'));
    if (ids.length === 0) return [];
    const records = await this.connection().run('read worker records', () => redis.mget(ids.map((id) => workerKey(this.#prefix, id))));
    return records
      .flatMap((json) => (json === null ? [] : [JSON.parse(json) as WorkerRecord]))
      .sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  }

  async close(): Promise<void> {
    await this.#connection?.close();
    this.#connection = undefined;
  }

  private connection(): Connection {
    if (!this.#connection) {
      this.#connection = this.#connect();
      this.#connection.redis.on('error', this.#log);
    }
    return this.#connection;
  }
}
