/**
 * `npm run bench [-- --quick] [-- --json]`: Celeriac against raw BullMQ doing the same shape on the same
 * Redis, in the same process, runs alternating between the sides so that machine noise hits every one.
 *
 *   --quick          1 run per side, smaller shapes, no warm-up round: a smoke run
 *   --json           machine-readable output on stdout instead of the table
 *   --runs N         measured runs per side (default 5)
 *   --only NAME      one scenario: chord, chain, group, independent, independent-bulk, chords, or events (the
 *                    events on/off pair: 2,000 independent tasks and a chord of 1,000) (repeatable)
 *   --celery         a third side: the same shapes on Python Celery (bench/celery/, a prefork worker of 2
 *                    processes started per run), when a python3 can import celery and redis; skipped with a
 *                    note otherwise. Adds Celery's times, Celery ÷ Celeriac (wall), and its commands and
 *                    CPU per task. Not on a cluster; independent-bulk has no Celery side.
 *   --big            a chord of 100,000 with the workers and producers in processes of their own
 *                    (bench/big-chord.ts), one run per side; takes minutes. Alone it runs only that; with
 *                    --only it runs after the scenarios named.
 *   --big-members N  the big chord's size (default 100000; 10000 with --quick)
 *   --big-timeout S  seconds a big side may take before it is reported as timed out (default 600)
 *   --redis URL      default: REDIS_URL, else redis://127.0.0.1:6379
 *   --redis-cluster host:port,...   run on a Redis Cluster instead (figures summed over its masters)
 *
 * Command counts come from INFO commandstats, which is server-wide: other clients of the same Redis are
 * counted too. The run checks for such traffic and warns; use a Redis of your own for exact counts.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { bigChord, bigChordTable, type BigChordResult } from './big-chord.js';
import { celeryConcurrency, findCeleryPython, runCelery } from './celery-side.js';
import type { RunOptions, Sample, Scenario } from './harness.js';
import { foreignTraffic, top, total, type BenchRedis } from './redis-stats.js';
import { scenario as chain } from './scenarios/chain.js';
import { scenario as chord } from './scenarios/chord.js';
import { scenario as chords } from './scenarios/chords.js';
import { scenario as group } from './scenarios/group.js';
import { scenario as independent } from './scenarios/independent.js';
import { scenario as independentBulk } from './scenarios/independent-bulk.js';
import { eventsPair, eventsPairTable, type EventsPairRow } from './events-pair.js';

const all = [chord, chain, group, independent, independentBulk, chords] as Scenario<unknown>[];

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string', multiple: true },
    celery: { type: 'boolean', default: false },
    big: { type: 'boolean', default: false },
    'big-members': { type: 'string' },
    'big-timeout': { type: 'string', default: '600' },
    redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'redis-cluster': { type: 'string' },
  },
});
const quick = flags.quick!;
const runs = flags.runs ? Number(flags.runs) : quick ? 1 : 5;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number from 1, got ${flags.runs}`);
const big = flags.big!;
// --big alone is the big chord alone: the default set beside it would only add minutes of other noise.
const defaultSet = !flags.only?.length && !big;
const chosen = flags.only?.length ? all.filter((s) => flags.only!.includes(s.name)) : defaultSet ? all : [];
// The events pair compares Celeriac with itself (events on and off), not with raw BullMQ: its own table.
const withEventsPair = defaultSet || Boolean(flags.only?.includes('events'));
if (chosen.length === 0 && !withEventsPair && !big) throw new Error(`--only: no such scenario; known: ${[...all.map((s) => s.name), 'events'].join(', ')}`);
const bigMembers = flags['big-members'] ? Number(flags['big-members']) : quick ? 10_000 : 100_000;
if (!Number.isInteger(bigMembers) || bigMembers < 1) throw new Error(`--big-members must be a whole number from 1, got ${flags['big-members']}`);
const bigTimeoutMs = Number(flags['big-timeout']) * 1000;
if (!(bigTimeoutMs > 0)) throw new Error(`--big-timeout must be a number of seconds above 0, got ${flags['big-timeout']}`);
const cluster = flags['redis-cluster']?.split(',').map((entry) => {
  const [host, port] = entry.trim().split(':');
  if (!host || !port || !Number.isInteger(Number(port))) throw new Error(`--redis-cluster: expected host:port entries separated by commas, got \`${entry}\``);
  return { host, port: Number(port) };
});
const url = cluster ? `cluster ${flags['redis-cluster']}` : flags.redis!;
const log = (line: string) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);

type Side = 'celeriac' | 'raw' | 'celery';

interface SideResult {
  readonly medianMs: number;
  readonly minMs: number;
  readonly runsMs: number[];
  readonly commandsPerTask: number;
  readonly evalshaPerTask: number;
  /**
   * Medians over the runs, per task: CPU of the client side (this process; for Celery its driver, worker and
   * pool processes), CPU of the Redis server, bytes in and out of Redis.
   */
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
    const celery = celerySide();
    log(`celeriac bench: ${quick ? 'quick, ' : ''}${runs} run(s) per side, node ${machine.node}, redis ${redisVersion} at ${url}, ${machine.cpus} cpus, load ${loadBefore.toFixed(2)}${celery ? `, ${celery.version} (${celery.python})` : ''}`);

    const results: ScenarioResult[] = [];
    for (const scenario of chosen) {
      const params = scenario.params(quick);
      const tasks = scenario.tasks(params);
      const options = { url, admin, params, concurrency: scenario.concurrency, ...(cluster ? { cluster } : {}) };
      const label = scenario.label(params);
      const celeryShape = celery && scenario.celery?.(params);
      const sides: Side[] = ['celeriac', 'raw', ...(celeryShape ? (['celery'] as const) : [])];
      const runSide = (side: Side, runOptions: RunOptions<unknown>) => (side === 'celery' ? runCelery(runOptions, celery!.python, celeryShape!) : scenario[side](runOptions));
      if (!quick) {
        log(`${label}: warm-up round`);
        for (const side of sides) await runSide(side, options);
      }
      const samples: Record<Side, Sample[]> = { celeriac: [], raw: [], celery: [] };
      for (let i = 0; i < runs; i++) {
        // Rotate which side goes first, so drift in machine load hits every side.
        const order = sides.map((_, k) => sides[(i + k) % sides.length]!);
        for (const side of order) {
          const sample = await runSide(side, options);
          samples[side].push(sample);
          log(`${label}: run ${i + 1}/${runs} ${side.padEnd(8)} ${sample.ms.toFixed(0).padStart(6)} ms  ${(total(sample.commands) / tasks).toFixed(1)} cmds/task`);
        }
      }
      const c = summarize(samples.celeriac, tasks);
      const r = summarize(samples.raw, tasks);
      const celeryResult = samples.celery.length > 0 ? summarize(samples.celery, tasks) : undefined;
      results.push({
        scenario: scenario.name,
        label,
        tasks,
        concurrency: scenario.concurrency,
        ratio: round(c.medianMs / r.medianMs, 2),
        celeriac: c,
        raw: r,
        ...(celeryResult ? { celery: celeryResult, celeryRatio: round(celeryResult.medianMs / c.medianMs, 2) } : {}),
      });
    }

    let events: EventsPairRow[] = [];
    if (withEventsPair) {
      if (cluster) log('events pair: skipped on a cluster (it runs on one Redis)');
      else events = await eventsPair({ url, admin, runs, quick, log });
    }

    let bigResult: BigChordResult | undefined;
    if (big) {
      if (cluster) log('big chord: skipped on a cluster (its worker processes take one Redis URL)');
      else bigResult = await bigChord({ url, admin, members: bigMembers, timeoutMs: bigTimeoutMs, log });
    }

    const foreignAfter = total(await checkForeignTraffic(admin, 'after the runs'));
    // Other processes on this machine (a test run, a build) compete for its cores: the 1-minute load says how much.
    const load = { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) };
    log(`load average (1 min): ${load.before} before, ${load.after} after`);
    if (flags.json) {
      const celeryInfo = celery ? { celery: { python: celery.python, version: celery.version, concurrency: celeryConcurrency, pool: 'prefork' } } : {};
      const output = { machine: { ...machine, ...celeryInfo }, quick, runs, redisUrl: url, foreignTraffic: { before: foreignBefore, after: foreignAfter }, load, results, eventsPair: events, ...(bigResult ? { big: bigResult } : {}) };
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    } else {
      if (results.length > 0) log(`\n${table(results)}`);
      if (celery && results.some((r) => r.celery)) log(`Celery: ${celery.version}, prefork pool of ${celeryConcurrency} processes; its client CPU is the driver's, the worker's and its pool's.`);
      if (events.length > 0) log(`\nEvents on and off (metrics on in both):\n${eventsPairTable(events)}`);
      if (bigResult) log(`\n${bigChordTable(bigResult)}`);
    }
  } finally {
    await admin.quit();
  }
}

/** The Python to run the Celery side with, or undefined (with a note why) when there is none or it was not asked for. */
function celerySide(): { python: string; version: string } | undefined {
  if (!flags.celery) return undefined;
  if (cluster) {
    log('--celery: skipped on a cluster (the Celery side runs on one Redis)');
    return undefined;
  }
  const found = findCeleryPython();
  if (!found) log('--celery: skipped, no python3 here can import celery and redis (Debian: apt-get install python3-celery python3-redis)');
  return found;
}

/** Warns when other clients use this Redis: INFO commandstats is server-wide, so their commands would be counted as ours. */
async function checkForeignTraffic(admin: BenchRedis, when: string) {
  const foreign = await foreignTraffic(admin);
  if (total(foreign) > 0) {
    log(`warning: other clients ran ${total(foreign)} commands in 300 ms of idle ${when} (${formatTop(top(foreign, 3))}): command counts may include their traffic`);
  }
  return foreign;
}

interface ScenarioResult {
  readonly scenario: string;
  readonly label: string;
  readonly tasks: number;
  readonly concurrency: number;
  /** Celeriac's median over raw BullMQ's. */
  readonly ratio: number;
  readonly celeriac: SideResult;
  readonly raw: SideResult;
  /** With `--celery`, for shapes Celery has: its figures, and its median over Celeriac's. */
  readonly celery?: SideResult;
  readonly celeryRatio?: number;
}

/** The table of `npm run bench`; with Celery figures, three-way cells and Celery's own columns. */
function table(results: ScenarioResult[]): string {
  const withCelery = results.some((r) => r.celery);
  // One cell per figure, "Celeriac / raw" or "Celeriac / raw / Celery" ("–" for a shape with no Celery side).
  const sides = (r: ScenarioResult, figure: (side: SideResult) => number) =>
    [r.celeriac, r.raw, ...(withCelery ? [r.celery] : [])].map((side) => (side ? String(figure(side)) : '–')).join(' / ');
  const who = withCelery ? 'C / raw / Celery' : 'C / raw';
  const head = [
    'scenario', 'tasks', 'conc.', 'Celeriac ms (median / min)', 'raw BullMQ ms (median / min)',
    ...(withCelery ? ['Celery ms (median / min)'] : []),
    'ratio',
    ...(withCelery ? ['Celery ÷ Celeriac (wall)'] : []),
    `cmds/task ${who}`, `evalsha/task ${who}`, `CPU µs/task ${withCelery ? 'client' : 'node'} ${who}`, `CPU µs/task redis ${who}`,
  ];
  const rows = results.map((r) => [
    r.label,
    String(r.tasks),
    String(r.concurrency),
    `${r.celeriac.medianMs} / ${r.celeriac.minMs}`,
    `${r.raw.medianMs} / ${r.raw.minMs}`,
    ...(withCelery ? [r.celery ? `${r.celery.medianMs} / ${r.celery.minMs}` : '–'] : []),
    `${r.ratio.toFixed(2)}x`,
    ...(withCelery ? [r.celeryRatio === undefined ? '–' : `${r.celeryRatio.toFixed(2)}x`] : []),
    sides(r, (s) => s.commandsPerTask),
    sides(r, (s) => s.evalshaPerTask),
    sides(r, (s) => s.nodeCpuUsPerTask),
    sides(r, (s) => s.redisCpuUsPerTask),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const topLines = results.map((r) => `- ${r.label}, Celeriac: ${formatTop(r.celeriac.top)}; raw: ${formatTop(r.raw.top)}${r.celery ? `; Celery: ${formatTop(r.celery.top)}` : ''}`);
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
