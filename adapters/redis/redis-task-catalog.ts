import type { StoredOptions } from '../../canvas/options.js';
import type { CatalogEntry, PublishedTask, TaskCatalog } from '../../engine/ports/task-catalog.js';
import type { Connection } from './connection.js';
import { catalogKey } from './keys.js';

interface StoredEntry {
  readonly options: StoredOptions;
  readonly registeredAt: number;
  readonly expiresAt: number;
}

/**
 * The task catalog on Redis: one hash per task name, a field per worker holding its options, registration time
 * and expiry. The hash's own TTL is pushed on by every publish, so a name no live worker registers disappears;
 * entries of workers that died while others live on are skipped by expiry and deleted on the next lookup.
 */
export class RedisTaskCatalog implements TaskCatalog {
  constructor(
    private readonly connection: () => Connection,
    private readonly prefix: string,
  ) {}

  async publish(workerId: string, tasks: readonly PublishedTask[], registeredAt: number, ttlMs: number, now: number): Promise<void> {
    if (tasks.length === 0) return;
    const connection = this.connection();
    await connection.run(`publish the tasks of worker ${workerId}`, async () => {
      const pipeline = connection.redis.pipeline();
      for (const task of tasks) {
        const key = catalogKey(this.prefix, task.name);
        const entry: StoredEntry = { options: task.options, registeredAt, expiresAt: now + ttlMs };
        // NX gives a new hash its TTL, GT only ever lengthens it: a worker with a shorter TTL cannot cut another's short.
        pipeline.hset(key, workerId, JSON.stringify(entry)).pexpire(key, ttlMs, 'NX').pexpire(key, ttlMs, 'GT');
      }
      await pipeline.exec();
    });
  }

  async lookup(names: readonly string[], now: number): Promise<Map<string, CatalogEntry[]>> {
    const found = new Map<string, CatalogEntry[]>();
    if (names.length === 0) return found;
    const connection = this.connection();
    const replies = await connection.run(`look up the tasks ${names.join(', ')} that workers registered`, async () => {
      const pipeline = connection.redis.pipeline();
      for (const name of names) pipeline.hgetall(catalogKey(this.prefix, name));
      return (await pipeline.exec()) ?? [];
    });
    const stale: [string, string][] = [];
    names.forEach((name, i) => {
      const [error, fields] = replies[i] ?? [];
      if (error || !fields) return;
      const live: CatalogEntry[] = [];
      for (const [workerId, json] of Object.entries(fields as Record<string, string>)) {
        const entry = JSON.parse(json) as StoredEntry;
        if (entry.expiresAt > now) live.push({ workerId, options: entry.options, registeredAt: entry.registeredAt });
        else stale.push([catalogKey(this.prefix, name), workerId]);
      }
      if (live.length > 0) found.set(name, live);
    });
    if (stale.length > 0) {
      const pipeline = connection.redis.pipeline();
      for (const [key, field] of stale) pipeline.hdel(key, field);
      await pipeline.exec().catch(() => undefined);
    }
    return found;
  }

  async withdraw(workerId: string, names: readonly string[]): Promise<void> {
    const connection = this.connection();
    // A worker closing while Redis is away must not wait for it: its entries lapse with their TTL.
    if (names.length === 0 || connection.redis.status !== 'ready') return;
    await connection.run(`withdraw the tasks of worker ${workerId}`, async () => {
      const pipeline = connection.redis.pipeline();
      for (const name of names) pipeline.hdel(catalogKey(this.prefix, name), workerId);
      await pipeline.exec();
    });
  }
}
