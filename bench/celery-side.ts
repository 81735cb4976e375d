/**
 * The third side of `npm run bench -- --celery`: the same shape on Python Celery (bench/celery/), broker and
 * result backend on the same Redis as the other sides, every key under a prefix of its own.
 *
 * Each measured run starts, outside the timed part, a Celery worker (prefork pool, 2 processes: the
 * machine's cores) and a driver (`run_shape.py`) that runs the shape small once, so connections are open
 * and the worker is seen consuming. The bench then takes its samples (INFO commandstats, Redis CPU, the CPU
 * of the driver, the worker and its pool from /proc), tells the driver to go, and samples again once Redis
 * is quiet after the driver's answer. The wall time is the driver's own (perf_counter from the first apply
 * to the last result in hand and checked), which leaves Python's start-up and the pipe out of it. Then the
 * worker is stopped (SIGTERM, a warm shutdown) and the run's keys are deleted.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startChild, type Child } from './child.js';
import type { CeleryShape, RunOptions, Sample } from './harness.js';
import { cpuMsOf, withDescendants } from './proc-stats.js';
import { commandCounts, deleteKeys, delta, serverUsage, settle } from './redis-stats.js';

/** Celery's worker processes: a prefork pool as wide as this 2-core machine, as Celery's docs advise. */
export const celeryConcurrency = 2;

const directory = join(import.meta.dirname, 'celery');
const readyTimeoutMs = 120_000;
const resultTimeoutMs = 150_000;

/**
 * The first Python that can import celery and redis: $CELERIAC_BENCH_PYTHON, else `python3` on the PATH,
 * else /usr/bin/python3 (Debian's python3-celery installs there, which a pyenv `python3` does not see).
 */
export function findCeleryPython(): { python: string; version: string } | undefined {
  const candidates = [process.env.CELERIAC_BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  for (const python of candidates) {
    try {
      const version = execFileSync(python, ['-c', 'import celery, redis, kombu; print(celery.__version__, kombu.__version__, redis.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      const [celery, kombu, redis] = version.split(' ');
      return { python, version: `Celery ${celery}, kombu ${kombu}, redis-py ${redis}` };
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

export async function runCelery(options: RunOptions<unknown>, python: string, shape: CeleryShape): Promise<Sample> {
  if (options.cluster) throw new Error('the Celery side runs on one Redis, not a cluster');
  const prefix = `bench-celery-${randomUUID().slice(0, 8)}`;
  const env = { ...process.env, CELERIAC_BENCH_REDIS: options.url, CELERIAC_BENCH_PREFIX: prefix, CELERIAC_BENCH_QUEUE: prefix, PYTHONDONTWRITEBYTECODE: '1' };
  const children: Child[] = [];
  try {
    const worker = startChild(
      'celery worker',
      python,
      ['-m', 'celery', '-A', 'tasks', 'worker', '--pool', 'prefork', '--concurrency', String(celeryConcurrency), '-Q', prefix, '--without-gossip', '--without-mingle', '--without-heartbeat', '--loglevel', 'WARNING'],
      { cwd: directory, env },
    );
    children.push(worker);
    const driver = startChild('celery run_shape.py', python, ['run_shape.py', shape.shape, ...shape.args.map(String)], { cwd: directory, env });
    children.push(driver);
    expectReady(await driver.next(readyTimeoutMs));
    const processes = withDescendants([worker.pid, driver.pid]);
    const usage = await serverUsage(options.admin);
    const before = await commandCounts(options.admin);
    const cpuBefore = cpuMsOf(processes);
    driver.send('go');
    const answer = await driver.next(resultTimeoutMs);
    if (typeof answer.ms !== 'number') throw new Error(`Celery ${shape.shape} ${shape.args.join(' ')}: ${String(answer.error ?? JSON.stringify(answer))}`);
    const commands = delta(before, await settle(options.admin));
    const cpuMs = cpuMsOf(processes) - cpuBefore;
    const after = await serverUsage(options.admin);
    return {
      ms: answer.ms,
      commands,
      nodeCpuMs: cpuMs,
      redisCpuMs: after.cpuMs - usage.cpuMs,
      netBytes: after.netInBytes - usage.netInBytes + after.netOutBytes - usage.netOutBytes,
    };
  } finally {
    await Promise.all(children.reverse().map((child) => child.stop()));
    await deleteKeys(options.admin, prefix);
  }
}

function expectReady(message: Record<string, unknown>): void {
  if (message.ready !== true) throw new Error(`Celery driver, during its warm-up: ${String(message.error ?? JSON.stringify(message))}`);
}
