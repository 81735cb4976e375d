/**
 * Redis command counts from `INFO commandstats`, which counts every command the server ran: the ones sent
 * by clients and the ones run inside Lua scripts (an EVALSHA is one `evalsha` call plus one call per
 * `redis.call` it made). The `info` command itself (our own sampling) is left out of every count.
 */
import type { Redis } from 'ioredis';

/** Command name → calls. */
export type CommandCounts = ReadonlyMap<string, number>;

export async function commandCounts(redis: Redis): Promise<CommandCounts> {
  const text = await redis.info('commandstats');
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (match[1] !== 'info') counts.set(match[1]!, Number(match[2]));
  }
  return counts;
}

/** Calls made between two samples, per command (commands with no new calls are left out). */
export function delta(before: CommandCounts, after: CommandCounts): CommandCounts {
  const diff = new Map<string, number>();
  for (const [name, calls] of after) {
    const d = calls - (before.get(name) ?? 0);
    if (d > 0) diff.set(name, d);
  }
  return diff;
}

export function total(counts: CommandCounts): number {
  let sum = 0;
  for (const calls of counts.values()) sum += calls;
  return sum;
}

/** The `n` commands with the most calls, most first. */
export function top(counts: CommandCounts, n: number): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/**
 * Samples until Redis has been quiet (no command but our INFO) for `quietMs`, so that the work a run
 * leaves behind after its result arrived (BullMQ's moveToFinished of the last job, a result read) is
 * counted; gives up after `maxMs`. Returns the last sample.
 */
export async function settle(redis: Redis, quietMs = 30, maxMs = 3000): Promise<CommandCounts> {
  const deadline = Date.now() + maxMs;
  let last = await commandCounts(redis);
  for (;;) {
    await sleep(quietMs);
    const next = await commandCounts(redis);
    if (total(delta(last, next)) === 0 || Date.now() > deadline) return next;
    last = next;
  }
}

/** Commands other clients ran during `ms` while we ran nothing: any means the counts will include their traffic. */
export async function foreignTraffic(redis: Redis, ms = 300): Promise<CommandCounts> {
  const before = await commandCounts(redis);
  await sleep(ms);
  return delta(before, await commandCounts(redis));
}

/** The Redis server's CPU time (user + sys, all its threads) and network bytes so far. */
export interface ServerUsage {
  readonly cpuMs: number;
  readonly netInBytes: number;
  readonly netOutBytes: number;
}

export async function serverUsage(redis: Redis): Promise<ServerUsage> {
  const text = await redis.info();
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    cpuMs: (field('used_cpu_user') + field('used_cpu_sys')) * 1000,
    netInBytes: field('total_net_input_bytes'),
    netOutBytes: field('total_net_output_bytes'),
  };
}

/** Deletes every key under `prefix:` (SCAN + UNLINK). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
