import type { Plan } from '../../canvas/plan.js';
import type { TaskState } from '../../engine/ports/outcome.js';
import { decodeCursor, encodeCursor, failedNodeOf, taskNames, type WorkflowPage, type WorkflowQuery, type WorkflowSummary } from '../../engine/ports/workflow-list.js';
import { sharedSlotBase, workflowIndexKeys, workflowKeys } from './keys.js';
import type { RedisClient } from './options.js';
import { decodeOutcome } from './outcome-codec.js';

/** Ended states with an index of their own; other states are filtered while reading. */
const indexedStates: readonly TaskState[] = ['FAILURE', 'REVOKED'];

/** How often a process trims an index key: a minute, or the TTL if shorter (the key's TTL is two TTLs). */
const trimEverySeconds = (ttlSeconds: number) => Math.min(60, ttlSeconds);

/** A process forgets when it trimmed (and so trims again) past this many index keys: one per task name. */
const maxTrimmedKeys = 10_000;

/** At most this many index entries are read per call, whatever the filters: a page costs a bounded amount. */
const maxScanned = 1000;

/**
 * `app.workflows()` on Redis: sorted-set indexes written next to the workflow's own keys (not in its scripts,
 * whose keys share the workflow's hash slot), read newest first a bounded batch at a time.
 *
 * Retention: the indexes expire with the results. A workflow's keys live at most two TTLs after its creation
 * (it must end within one, then is kept one more), so entries older than that are trimmed and the index keys
 * get that TTL, by each process at most once per `trimEverySeconds` per key (not with every write: a ZADD is
 * all a new workflow costs the index); an entry whose workflow expired sooner is dropped when a read finds
 * its keys gone.
 *
 * On a cluster the index keys share the prefix's slot (a `{<prefix>}` hash tag), so each write stays one
 * pipeline; the per-workflow reads of a page, in as many slots as workflows, go out as separate commands.
 */
export class WorkflowIndex {
  readonly #indexBase: string;
  /** Per index key, when this process last trimmed it and set its TTL (epoch ms). */
  readonly #trimmedAt = new Map<string, number>();

  constructor(
    private readonly redis: () => RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    private readonly cluster = false,
  ) {
    this.#indexBase = sharedSlotBase(prefix, cluster);
  }

  /** Indexes a new workflow under its creation time and each of its task names. */
  async added(plan: Plan): Promise<void> {
    const keys = workflowIndexKeys(this.#indexBase);
    const pipeline = this.redis().pipeline();
    for (const key of [keys.all, ...taskNames(plan).map(keys.task)]) {
      pipeline.zadd(key, plan.createdAt, plan.workflowId);
      this.trimDue(pipeline, key, plan.createdAt);
    }
    await pipeline.exec();
  }

  /**
   * Trims `key` of entries created two TTLs before `createdAt` and gives it that TTL, unless this process did
   * so less than `trimEverySeconds` ago (on its own clock: `createdAt` may be old, or come from a fake clock).
   * The key's TTL outlives the interval, so it never expires between trims.
   */
  private trimDue(pipeline: ReturnType<RedisClient['pipeline']>, key: string, createdAt: number): void {
    const now = Date.now();
    const last = this.#trimmedAt.get(key);
    if (last !== undefined && now - last < trimEverySeconds(this.ttlSeconds) * 1000 && now >= last) return;
    if (this.#trimmedAt.size >= maxTrimmedKeys) this.#trimmedAt.clear();
    this.#trimmedAt.set(key, now);
    pipeline.zremrangebyscore(key, '-inf', `(${createdAt - 2 * this.ttlSeconds * 1000}`).expire(key, 2 * this.ttlSeconds);
  }

  /** Indexes an ended workflow under its state, if that state has an index. */
  async ended(workflowId: string, state: TaskState): Promise<void> {
    if (!indexedStates.includes(state)) return;
    const redis = this.redis();
    const createdAt = Number(await redis.hget(workflowKeys(this.prefix, workflowId).meta, 'createdAt'));
    if (!Number.isFinite(createdAt) || createdAt <= 0) return;
    const key = workflowIndexKeys(this.#indexBase).state(state);
    const pipeline = redis.pipeline().zadd(key, createdAt, workflowId);
    this.trimDue(pipeline, key, createdAt);
    await pipeline.exec();
  }

  async list(query: WorkflowQuery): Promise<WorkflowPage> {
    const keys = workflowIndexKeys(this.#indexBase);
    const byState = query.state !== undefined && indexedStates.includes(query.state);
    const index = byState ? keys.state(query.state!) : query.task !== undefined ? keys.task(query.task) : keys.all;
    // Filters the chosen index does not apply by itself, checked per entry.
    const checkTask = byState && query.task !== undefined ? keys.task(query.task) : undefined;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const redis = this.redis();
    const items: WorkflowSummary[] = [];
    // Where to read from: just below the cursor's entry (by its rank, which new entries above it shift), or
    // below its score if it has been dropped meanwhile.
    let rank = 0;
    if (after) {
      const at = await redis.zrevrank(index, after.id);
      rank = at !== null ? at + 1 : await redis.zcount(index, `(${after.createdAt}`, '+inf');
    }
    let last = after;
    let scanned = 0;
    const batch = Math.min(maxScanned, Math.max(50, query.limit * 2));
    for (;;) {
      const reply = await redis.zrevrange(index, rank, rank + batch - 1, 'WITHSCORES');
      rank += reply.length / 2;
      const entries: Array<{ id: string; createdAt: number }> = [];
      let reachedSince = reply.length / 2 < batch;
      for (let i = 0; i + 1 < reply.length; i += 2) {
        const entry = { id: reply[i]!, createdAt: Number(reply[i + 1]) };
        if (query.since !== undefined && entry.createdAt < query.since) {
          reachedSince = true;
          break;
        }
        // Newest first, ties by descending id; anything not below the last entry seen was already read.
        if (!last || entry.createdAt < last.createdAt || (entry.createdAt === last.createdAt && entry.id < last.id)) entries.push(entry);
      }
      const results = entries.length > 0 ? await this.readEntries(redis, entries, checkTask) : [];
      const stride = checkTask ? 2 : 1;
      const expired: string[] = [];
      let consumed = 0;
      for (const [i, entry] of entries.entries()) {
        scanned++;
        consumed++;
        last = entry;
        const [state, outcome, endedAt, name] = (results[i * stride]?.[1] ?? []) as Array<string | null>;
        if (!state) {
          expired.push(entry.id);
        } else if ((query.state === undefined || state === query.state) && (!checkTask || results[i * stride + 1]?.[1] !== null)) {
          const failedNode = failedNodeOf(outcome ? decodeOutcome(outcome) : undefined);
          items.push({
            id: entry.id,
            state: state as TaskState,
            createdAt: entry.createdAt,
            ...(endedAt ? { endedAt: Number(endedAt) } : {}),
            ...(name ? { name } : {}),
            ...(failedNode ? { failedNode } : {}),
          });
        }
        if (items.length === query.limit || scanned >= maxScanned) break;
      }
      if (expired.length > 0) await redis.zrem(index, ...expired);
      const exhausted = reachedSince && consumed === entries.length;
      if (exhausted) return { items };
      if (items.length === query.limit || scanned >= maxScanned) return last ? { items, next: encodeCursor(last.createdAt, last.id) } : { items };
      // Entries dropped as expired no longer hold a rank: read on from where they were.
      rank -= expired.length;
    }
  }

  /** Each entry's meta fields, and its score in `checkTask` when given: `[error, reply]` pairs, in order. */
  private async readEntries(redis: RedisClient, entries: ReadonlyArray<{ id: string }>, checkTask: string | undefined): Promise<Array<[Error | null, unknown]>> {
    const fields = ['state', 'outcome', 'endedAt', 'name'] as const;
    if (this.cluster) {
      // A workflow's keys live in its own slot: no pipeline spans them on a cluster.
      const replies = entries.flatMap(({ id }) => [redis.hmget(workflowKeys(this.prefix, id).meta, ...fields), ...(checkTask ? [redis.zscore(checkTask, id)] : [])]);
      return (await Promise.all(replies)).map((reply): [Error | null, unknown] => [null, reply]);
    }
    const pipeline = redis.pipeline();
    for (const { id } of entries) {
      pipeline.hmget(workflowKeys(this.prefix, id).meta, ...fields);
      if (checkTask) pipeline.zscore(checkTask, id);
    }
    return (await pipeline.exec()) ?? [];
  }
}
