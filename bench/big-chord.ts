/**
 * `npm run bench -- --big`: one chord of 100,000 members (`--big-members`), with the workers in processes of
 * their own, as in production, and the producer in a child process too, so each side's memory is its own.
 *
 *   Celeriac:   a `celeriac worker --concurrency 50` process (bin/celeriac.js, app bench/fixtures/big-app.ts)
 *               and a producer that `app.apply()`s the chord and waits for `result.get()`;
 *   raw BullMQ: a Worker process (bench/big/raw-worker.ts, concurrency 50) and a producer that `flow.add()`s a
 *               parent with 100,000 children and waits for it on a QueueEvents.
 *
 * Reported per side: the apply time (until apply() / flow.add() resolves), the whole run (until the sum is
 * in hand), the peak RSS of the worker (VmHWM from /proc, just before it is stopped) and of the producer
 * (its own `process.resourceUsage().maxRSS`), and Redis commands and CPU per task over the run. A side that
 * fails, has its worker die, or passes `--big-timeout` (600 s) is reported as such, not thrown: the other
 * side's figures and the rest of the bench still count. Worker start-up is not in any figure.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startChild, type Child } from './child.js';
import { peakRssOf } from './proc-stats.js';
import { commandCounts, deleteKeys, delta, serverUsage, settle, total, type BenchRedis } from './redis-stats.js';

export interface BigSide {
  readonly outcome: 'ok' | 'failed' | 'timed out';
  /** Why it failed or timed out. */
  readonly detail?: string;
  readonly applyMs?: number;
  readonly totalMs?: number;
  readonly workerPeakRssMb?: number;
  readonly producerPeakRssMb?: number;
  readonly commandsPerTask?: number;
  readonly redisCpuUsPerTask?: number;
}

export interface BigChordResult {
  readonly members: number;
  readonly tasks: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly raw: BigSide;
  readonly celeriac: BigSide;
  /** Celeriac over raw BullMQ, whole run and apply, when both finished. */
  readonly ratio?: number;
  readonly applyRatio?: number;
}

const root = join(import.meta.dirname, '..');
const concurrency = 50;
const mb = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round(bytes / 1024 / 1024));

function startWorker(side: 'celeriac' | 'raw', url: string, prefix: string): Child {
  const env = { ...process.env, REDIS_URL: url, CELERIAC_PREFIX: prefix, BENCH_PREFIX: prefix, BENCH_CONCURRENCY: String(concurrency) };
  return side === 'celeriac'
    ? startChild('celeriac worker', process.execPath, [join(root, 'bin', 'celeriac.js'), 'worker', '--app', join(root, 'bench', 'fixtures', 'big-app.ts'), '--concurrency', String(concurrency)], { cwd: root, env })
    : startChild('raw BullMQ worker', process.execPath, ['--import', 'tsx', join(root, 'bench', 'big', 'raw-worker.ts')], { cwd: root, env });
}

async function runSide(side: 'celeriac' | 'raw', options: { url: string; admin: BenchRedis; members: number; timeoutMs: number }): Promise<BigSide> {
  const prefix = `bench-big-${side}-${randomUUID().slice(0, 8)}`;
  const tasks = options.members + 1;
  const children: Child[] = [];
  try {
    const worker = startWorker(side, options.url, prefix);
    children.push(worker);
    await worker.printed(side === 'celeriac' ? 'celeriac worker ready' : 'raw worker ready', 120_000);
    const usage = await serverUsage(options.admin);
    const before = await commandCounts(options.admin);
    const env = { ...process.env, REDIS_URL: options.url, BENCH_PREFIX: prefix, BENCH_TIMEOUT_MS: String(options.timeoutMs) };
    const producer = startChild(`${side} producer`, process.execPath, ['--import', 'tsx', join(root, 'bench', 'big', 'producer.ts'), side, String(options.members)], { cwd: root, env });
    children.push(producer);
    const deadline = Date.now() + options.timeoutMs;
    let applyMs: number | undefined;
    // A worker that dies (out of memory, say) ends the side at once instead of at the deadline.
    const workerDied = worker.exited.then((how) => ({ error: `the worker exited (${how}) during the run; its last output: ${worker.tail().slice(-600)}` }));
    const nextMessage = async () => {
      const left = deadline - Date.now();
      if (left <= 0) return { timedOut: true };
      return Promise.race([producer.next(left).catch((error: Error) => (Date.now() >= deadline ? { timedOut: true } : { error: error.message })), workerDied]);
    };
    // What is known of a side that did not finish: the apply time if it came, the peaks so far of processes still alive.
    const unfinished = (outcome: 'failed' | 'timed out', detail: string): BigSide => ({
      outcome,
      detail,
      ...(applyMs === undefined ? {} : { applyMs }),
      workerPeakRssMb: mb(peakRssOf(worker.pid)),
      producerPeakRssMb: mb(peakRssOf(producer.pid)),
    });
    for (;;) {
      const message: Record<string, unknown> = await nextMessage();
      if (message.timedOut) return unfinished('timed out', `no result after ${options.timeoutMs / 1000} s`);
      if (typeof message.error === 'string') return unfinished('failed', message.error);
      if (typeof message.appliedMs === 'number') applyMs = Math.round(message.appliedMs);
      if (typeof message.doneMs === 'number') {
        const commands = delta(before, await settle(options.admin));
        const after = await serverUsage(options.admin);
        return {
          outcome: 'ok',
          applyMs: applyMs!,
          totalMs: Math.round(message.doneMs),
          workerPeakRssMb: mb(peakRssOf(worker.pid)),
          producerPeakRssMb: mb(message.maxRssBytes as number),
          commandsPerTask: Math.round((total(commands) / tasks) * 100) / 100,
          redisCpuUsPerTask: Math.round(((after.cpuMs - usage.cpuMs) * 1000) / tasks),
        };
      }
    }
  } catch (error) {
    return { outcome: 'failed', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    await Promise.all(children.reverse().map((child) => child.stop()));
    await deleteKeys(options.admin, prefix);
  }
}

/** Raw BullMQ first, then Celeriac: one run each (each takes minutes). */
export async function bigChord(options: { url: string; admin: BenchRedis; members: number; timeoutMs: number; log: (line: string) => void }): Promise<BigChordResult> {
  const label = `chord of ${options.members.toLocaleString('en-US')}, workers in processes`;
  const sides: Partial<Record<'raw' | 'celeriac', BigSide>> = {};
  for (const side of ['raw', 'celeriac'] as const) {
    options.log(`${label}: ${side} (timeout ${options.timeoutMs / 1000} s)`);
    const result = await runSide(side, options);
    sides[side] = result;
    options.log(`${label}: ${side.padEnd(8)} ${result.outcome}${result.totalMs === undefined ? '' : `, ${result.totalMs} ms (applied in ${result.applyMs} ms)`}${result.detail ? `: ${result.detail}` : ''}`);
  }
  const raw = sides.raw!;
  const celeriac = sides.celeriac!;
  const both = raw.outcome === 'ok' && celeriac.outcome === 'ok';
  return {
    members: options.members,
    tasks: options.members + 1,
    concurrency,
    timeoutMs: options.timeoutMs,
    raw,
    celeriac,
    ...(both ? { ratio: Math.round((celeriac.totalMs! / raw.totalMs!) * 100) / 100, applyRatio: Math.round((celeriac.applyMs! / raw.applyMs!) * 100) / 100 } : {}),
  };
}

export function bigChordTable(result: BigChordResult): string {
  const head = ['side', 'outcome', 'apply ms', 'whole run ms', 'worker peak RSS MB', 'producer peak RSS MB', 'cmds/task', 'Redis CPU µs/task'];
  const cell = (value: number | undefined) => (value === undefined ? '–' : value.toLocaleString('en-US'));
  const rows = (['celeriac', 'raw'] as const).map((side) => {
    const r = result[side];
    return [side === 'celeriac' ? 'Celeriac' : 'raw BullMQ', r.outcome, cell(r.applyMs), cell(r.totalMs), cell(r.workerPeakRssMb), cell(r.producerPeakRssMb), cell(r.commandsPerTask), cell(r.redisCpuUsPerTask)];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const notes = (['celeriac', 'raw'] as const).flatMap((side) => (result[side].detail ? [`- ${side}: ${result[side].detail}`] : []));
  const ratio = result.ratio === undefined ? 'ratio: – (a side did not finish)' : `ratio Celeriac / raw: whole run ${result.ratio.toFixed(2)}x, apply ${result.applyRatio!.toFixed(2)}x`;
  return [
    `Chord of ${result.members.toLocaleString('en-US')} (${result.tasks.toLocaleString('en-US')} tasks), one worker process per side at concurrency ${result.concurrency}:`,
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
    ratio,
    ...notes,
  ].join('\n');
}
