/**
 * Redis command counts from `INFO commandstats`, which counts every command the server ran: the ones sent
 * by clients and the ones run inside Lua scripts (an EVALSHA is one `evalsha` call plus one call per
 * `redis.call` it made). The `info` command itself (our own sampling) is left out of every count.
 */
import { Cluster, type Redis } from 'ioredis';

/** One Redis, or a cluster, whose figures are the sums over its masters (replicas replay the same writes). */
export type BenchRedis = Redis | Cluster;

function servers(redis: BenchRedis): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

/** Command name → calls. */
export type CommandCounts = ReadonlyMap<string, number>;

export async function commandCounts(redis: BenchRedis): Promise<CommandCounts> {
  const counts = new Map<string, number>();
  for (const text of await Promise.all(servers(redis).map((server) => server.info('commandstats')))) {
    for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      // A cluster client asks CLUSTER SLOTS/INFO of its own; like INFO, that is ours, not the run's.
      if (match[1] !== 'info' && match[1] !== 'cluster|slots' && match[1] !== 'cluster|info') counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + Number(match[2]));
    }
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
export async function settle(redis: BenchRedis, quietMs = 30, maxMs = 3000): Promise<CommandCounts> {
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
export async function foreignTraffic(redis: BenchRedis, ms = 300): Promise<CommandCounts> {
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

export async function serverUsage(redis: BenchRedis): Promise<ServerUsage> {
  const usage = { cpuMs: 0, netInBytes: 0, netOutBytes: 0 };
  for (const text of await Promise.all(servers(redis).map((server) => server.info()))) {
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)?.[1] ?? NaN);
    usage.cpuMs += (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
    usage.netInBytes += field('total_net_input_bytes');
    usage.netOutBytes += field('total_net_output_bytes');
  }
  return usage;
}

/**
 * Deletes every key under `prefix:` (SCAN + UNLINK), and on a cluster also BullMQ's under `{prefix:<queue>}:`,
 * one key per UNLINK there (a cluster node takes keys of one slot per command).
 */
export async function deleteKeys(redis: BenchRedis, prefix: string): Promise<number> {
  let deleted = 0;
  const cluster = redis instanceof Cluster;
  for (const server of servers(redis)) {
    for (const pattern of cluster ? [`${prefix}:*`, `{${prefix}:*`] : [`${prefix}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (cluster) deleted += (await Promise.all(keys.map((key) => server.unlink(key)))).reduce((a, b) => a + b, 0);
        else if (keys.length > 0) deleted += await server.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  }
  return deleted;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
