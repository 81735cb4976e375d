/**
 * `npm run bench [-- --quick] [-- --json]`: Celeriac against raw BullMQ doing the same shape on the same
 * Redis, in the same process, runs alternating between the two sides so that machine noise hits both.
 *
 *   --quick          1 run per side, smaller shapes, no warm-up round: a smoke run
 *   --json           machine-readable output on stdout instead of the table
 *   --runs N         measured runs per side (default 5)
 *   --only NAME      one scenario: chord, chain, independent, independent-bulk, chords, or events (the
 *                    events on/off pair: 2,000 independent tasks and a chord of 1,000) (repeatable)
 *   --redis URL      default: REDIS_URL, else redis://127.0.0.1:6379
 *   --redis-cluster host:port,...   run on a Redis Cluster instead (figures summed over its masters)
 *
 * Command counts come from INFO commandstats, which is server-wide: other clients of the same Redis are
 * counted too. The run checks for such traffic and warns; use a Redis of your own for exact counts.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import type { Sample, Scenario } from './harness.js';
import { foreignTraffic, top, total, type BenchRedis } from './redis-stats.js';
import { scenario as chain } from './scenarios/chain.js';
import { scenario as chord } from './scenarios/chord.js';
import { scenario as chords } from './scenarios/chords.js';
import { scenario as independent } from './scenarios/independent.js';
import { scenario as independentBulk } from './scenarios/independent-bulk.js';
import { eventsPair, eventsPairTable, type EventsPairRow } from './events-pair.js';

const all = [chord, chain, independent, independentBulk, chords] as Scenario<unknown>[];

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string', multiple: true },
    redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'redis-cluster': { type: 'string' },
  },
});
const quick = flags.quick!;
const runs = flags.runs ? Number(flags.runs) : quick ? 1 : 5;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number from 1, got ${flags.runs}`);
const chosen = flags.only?.length ? all.filter((s) => flags.only!.includes(s.name)) : all;
// The events pair compares Celeriac with itself (events on and off), not with raw BullMQ: its own table.
const withEventsPair = !flags.only?.length || flags.only.includes('events');
if (chosen.length === 0 && !withEventsPair) throw new Error(`--only: no such scenario; known: ${[...all.map((s) => s.name), 'events'].join(', ')}`);
const cluster = flags['redis-cluster']?.split(',').map((entry) => {
  const [host, port] = entry.trim().split(':');
  if (!host || !port || !Number.isInteger(Number(port))) throw new Error(`--redis-cluster: expected host:port entries separated by commas, got \`${entry}\``);
  return { host, port: Number(port) };
});
const url = cluster ? `cluster ${flags['redis-cluster']}` : flags.redis!;
const log = (line: string) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);

interface SideResult {
  readonly medianMs: number;
  readonly minMs: number;
  readonly runsMs: number[];
  readonly commandsPerTask: number;
  readonly evalshaPerTask: number;
  /** Medians over the runs, per task: CPU of this process, CPU of the Redis server, bytes in and out of Redis. */
  readonly nodeCpuUsPerTask: number;
  readonly redisCpuUsPerTask: number;
  readonly netBytesPerTask: number;
  /** The top commands (calls per task) of the run whose command total is the median. */
  readonly top: [string, number][];
}

function summarize(samples: Sample[], tasks: number): SideResult {
  const ms = samples.map((s) => s.ms);
  const byTotal = [...samples].sort((a, b) => total(a.commands) - total(b.commands));
  const typical = byTotal[Math.floor((byTotal.length - 1) / 2)]!.commands;
  const perTask = (n: number) => round(n / tasks, 2);
  return {
    medianMs: round(median(ms), 1),
    minMs: round(Math.min(...ms), 1),
    runsMs: ms.map((m) => round(m, 1)),
    commandsPerTask: perTask(total(typical)),
    evalshaPerTask: perTask(typical.get('evalsha') ?? 0),
    nodeCpuUsPerTask: Math.round((median(samples.map((s) => s.nodeCpuMs)) * 1000) / tasks),
    redisCpuUsPerTask: Math.round((median(samples.map((s) => s.redisCpuMs)) * 1000) / tasks),
    netBytesPerTask: Math.round(median(samples.map((s) => s.netBytes)) / tasks),
    top: top(typical, 5).map(([name, calls]) => [name, perTask(calls)]),
  };
}

async function main(): Promise<void> {
  const admin: BenchRedis = cluster ? new Cluster(cluster) : new Redis(url);
  try {
    if (admin instanceof Cluster) await new Promise<void>((resolve, reject) => admin.once('ready', resolve).once('error', reject));
    const info = await (admin instanceof Cluster ? admin.nodes('master')[0]! : admin).info('server');
    const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    const machine = { date: new Date().toISOString(), node: process.version, redis: redisVersion, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' };
    const foreignBefore = total(await checkForeignTraffic(admin, 'before the runs'));
    const loadBefore = loadavg()[0]!;
    log(`celeriac bench: ${quick ? 'quick, ' : ''}${runs} run(s) per side, node ${machine.node}, redis ${redisVersion} at ${url}, ${machine.cpus} cpus, load ${loadBefore.toFixed(2)}`);

    const results = [];
    for (const scenario of chosen) {
      const params = scenario.params(quick);
      const tasks = scenario.tasks(params);
      const options = { url, admin, params, concurrency: scenario.concurrency, ...(cluster ? { cluster } : {}) };
      const label = scenario.label(params);
      if (!quick) {
        log(`${label}: warm-up round`);
        await scenario.celeriac(options);
        await scenario.raw(options);
      }
      const celeriac: Sample[] = [];
      const raw: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        // Alternate which side goes first, so drift in machine load hits both.
        const order = i % 2 === 0 ? (['celeriac', 'raw'] as const) : (['raw', 'celeriac'] as const);
        for (const side of order) {
          const sample = await scenario[side](options);
          (side === 'celeriac' ? celeriac : raw).push(sample);
          log(`${label}: run ${i + 1}/${runs} ${side.padEnd(8)} ${sample.ms.toFixed(0).padStart(6)} ms  ${(total(sample.commands) / tasks).toFixed(1)} cmds/task`);
        }
      }
      const c = summarize(celeriac, tasks);
      const r = summarize(raw, tasks);
      results.push({ scenario: scenario.name, label, tasks, concurrency: scenario.concurrency, ratio: round(c.medianMs / r.medianMs, 2), celeriac: c, raw: r });
    }

    let events: EventsPairRow[] = [];
    if (withEventsPair) {
      if (cluster) log('events pair: skipped on a cluster (it runs on one Redis)');
      else events = await eventsPair({ url, admin, runs, quick, log });
    }

    const foreignAfter = total(await checkForeignTraffic(admin, 'after the runs'));
    // Other processes on this machine (a test run, a build) compete for its cores: the 1-minute load says how much.
    const load = { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) };
    log(`load average (1 min): ${load.before} before, ${load.after} after`);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ machine, quick, runs, redisUrl: url, foreignTraffic: { before: foreignBefore, after: foreignAfter }, load, results, eventsPair: events }, null, 2)}\n`);
    } else {
      if (results.length > 0) log(`\n${table(results)}`);
      if (events.length > 0) log(`\nEvents on and off (metrics on in both):\n${eventsPairTable(events)}`);
    }
  } finally {
    await admin.quit();
  }
}

/** Warns when other clients use this Redis: INFO commandstats is server-wide, so their commands would be counted as ours. */
async function checkForeignTraffic(admin: BenchRedis, when: string) {
  const foreign = await foreignTraffic(admin);
  if (total(foreign) > 0) {
    log(`warning: other clients ran ${total(foreign)} commands in 300 ms of idle ${when} (${formatTop(top(foreign, 3))}): command counts may include their traffic`);
  }
  return foreign;
}

function table(results: { label: string; tasks: number; concurrency: number; ratio: number; celeriac: SideResult; raw: SideResult }[]): string {
  const head = ['scenario', 'tasks', 'conc.', 'Celeriac ms (median / min)', 'raw BullMQ ms (median / min)', 'ratio', 'cmds/task C / raw', 'evalsha/task C / raw', 'CPU µs/task node C / raw', 'CPU µs/task redis C / raw'];
  const rows = results.map((r) => [
    r.label,
    String(r.tasks),
    String(r.concurrency),
    `${r.celeriac.medianMs} / ${r.celeriac.minMs}`,
    `${r.raw.medianMs} / ${r.raw.minMs}`,
    `${r.ratio.toFixed(2)}x`,
    `${r.celeriac.commandsPerTask} / ${r.raw.commandsPerTask}`,
    `${r.celeriac.evalshaPerTask} / ${r.raw.evalshaPerTask}`,
    `${r.celeriac.nodeCpuUsPerTask} / ${r.raw.nodeCpuUsPerTask}`,
    `${r.celeriac.redisCpuUsPerTask} / ${r.raw.redisCpuUsPerTask}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const topLines = results.map((r) => `- ${r.label}, Celeriac: ${formatTop(r.celeriac.top)}; raw: ${formatTop(r.raw.top)}`);
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line), '', 'Top 5 commands, calls per task:', ...topLines].join('\n');
}

const formatTop = (entries: [string, number][]) => entries.map(([name, calls]) => `${name} ${calls}`).join(', ');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

await main();
