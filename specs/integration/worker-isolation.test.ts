import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, signature, type App } from '../../index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';
import { WorkerPool } from './support/worker-processes.js';

const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const fixture = join('specs', 'integration', 'fixtures', 'isolation-app.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How a task ended: its value, or its error's name, `errorName` and message. */
async function ending(app: App, name: string, args: unknown[] = [], options = {}): Promise<{ value?: unknown; error?: { name: string; errorName?: string; message: string }; ms: number }> {
  const started = Date.now();
  const res = await app.apply(signature(name, args as never[]).set(options));
  try {
    return { value: await res.get({ timeout: 30_000 }), ms: Date.now() - started };
  } catch (error) {
    const e = error as Error & { errorName?: string };
    return { error: { name: e.name, ...(e.errorName ? { errorName: e.errorName } : {}), message: e.message }, ms: Date.now() - started };
  }
}

/** Real `celeriac worker` processes on their own prefix, and a client app on it. */
function fleet(args: readonly string[], concurrency = 4) {
  const prefix = `test-${randomUUID()}`;
  const pool = new WorkerPool({ app: fixture, env: { CELERIAC_PREFIX: prefix, REDIS_URL: redis, CELERIAC_LOG_LEVEL: 'warn' }, concurrency, args });
  const client = createApp({ redis, prefix });
  return {
    prefix,
    pool,
    client,
    async cleanup() {
      await pool.stopAll();
      await client.close();
      await deleteKeys(prefix);
    },
  };
}

describe('when a handler in the default pool leaves an uncaught exception or an unhandled rejection', () => {
  const f = fleet([]);
  beforeAll(() => f.pool.start());
  afterAll(() => f.cleanup());

  it('fails that task with WorkerCrashed, 10 times over, while the worker stays up and other tasks succeed', async () => {
    const worker = f.pool.children[0]!;
    const poisons = Array.from({ length: 10 }, (_, i) => ending(f.client, i % 2 === 0 ? 'throwLater' : 'rejectLater'));
    const goods = Array.from({ length: 20 }, (_, i) => ending(f.client, 'echo', [i]));
    const [bad, good] = await Promise.all([Promise.all(poisons), Promise.all(goods)]);
    for (const end of bad) {
      expect(end.error).toMatchObject({ name: 'WorkerCrashed', errorName: 'WorkerCrashed' });
      expect(end.error!.message).toMatch(/raised an (uncaught exception \(Error: poison from a timer\)|unhandled promise rejection \(Error: poison rejection\))/);
    }
    expect(good.map((end) => end.value)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(worker.exitCode).toBeNull();
    expect(await ending(f.client, 'pid')).toMatchObject({ value: worker.pid });
    // Each one is logged once, attributed to its task (the task-failed log lines quote the same error, without this tail).
    expect(f.pool.output.match(/Task \S+:\S+ raised an (uncaught exception|unhandled promise rejection)[^\n]*; its attempt fails with WorkerCrashed and the worker goes on/g)?.length).toBe(10);
  });
});

describe('when a job keeps taking its worker down', () => {
  const f = fleet(['--max-stalls', '1']);
  beforeAll(() => Promise.all([f.pool.start(), f.pool.start(), f.pool.start()]));
  afterAll(() => f.cleanup());

  it('fails its task with WorkerCrashed once it stalled more than maxStalls times, instead of going round', async () => {
    const end = await ending(f.client, 'exit');
    expect(end.error).toMatchObject({ name: 'WorkerCrashed' });
    expect(end.error!.message).toMatch(/did not finish 2 times/);
    const alive = f.pool.children.filter((child) => child.exitCode === null && child.signalCode === null);
    expect(alive).toHaveLength(1);
    expect(await ending(f.client, 'echo', ['still serving'])).toMatchObject({ value: 'still serving' });
  });
});

describe('when a handler calls process.exit or runs out of memory in a processes pool', () => {
  const f = fleet(['--pool', 'processes', '--max-memory-mb', '128'], 2);
  beforeAll(() => f.pool.start());
  afterAll(() => f.cleanup());

  it('fails that attempt with WorkerCrashed, replaces the child and the worker goes on serving', async () => {
    const worker = f.pool.children[0]!;
    const first = await ending(f.client, 'pid');
    const end = await ending(f.client, 'exit');
    expect(end.error).toMatchObject({ name: 'WorkerCrashed' });
    expect(end.error!.message).toMatch(/Task 'exit' crashed its process: exited with code 1/);
    // Retried per `retries`: with 1, two children die and the task fails still.
    const retried = await ending(f.client, 'exit', [], { retries: 1 });
    expect(retried.error).toMatchObject({ name: 'WorkerCrashed' });
    expect(worker.exitCode).toBeNull();
    const after = await Promise.all(Array.from({ length: 6 }, (_, i) => ending(f.client, 'echo', [i])));
    expect(after.map((e) => e.value)).toEqual([0, 1, 2, 3, 4, 5]);
    // Handlers ran in children, not in the worker.
    expect(first.value).not.toBe(worker.pid);
  });

  it('fails a handler that outgrows maxMemoryMb with WorkerCrashed, and replaces its process', async () => {
    const worker = f.pool.children[0]!;
    const end = await ending(f.client, 'grow');
    expect(end.error).toMatchObject({ name: 'WorkerCrashed' });
    expect(end.error!.message).toMatch(/crashed its process: aborted \(SIGABRT\): out of memory \(limit 128 MB\)/);
    expect(worker.exitCode).toBeNull();
    expect(await ending(f.client, 'echo', ['after'])).toMatchObject({ value: 'after' });
  });
});

describe('when a handler loops past its timeout in a threads pool', () => {
  const f = fleet(['--pool', 'threads', '--terminate-grace-ms', '300', '--max-memory-mb', '128'], 2);
  beforeAll(() => f.pool.start());
  afterAll(() => f.cleanup());

  it('kills it at timeout + terminateGraceMs and fails the attempt with TimeLimitExceeded', async () => {
    const end = await ending(f.client, 'spin', [], { timeout: 300 });
    expect(end.error).toMatchObject({ name: 'TimeLimitExceeded' });
    expect(end.error!.message).toMatch(/exceeded its time limit of 300 ms and was killed/);
    expect(end.ms).toBeGreaterThanOrEqual(600);
    expect(end.ms).toBeLessThan(3000);
    expect(f.pool.children[0]!.exitCode).toBeNull();
    expect(await ending(f.client, 'busy', [50])).toMatchObject({ value: 50 });
  });

  it('fails a handler that outgrows maxMemoryMb with WorkerCrashed, and replaces its thread', async () => {
    const end = await ending(f.client, 'grow');
    expect(end.error).toMatchObject({ name: 'WorkerCrashed' });
    expect(end.error!.message).toMatch(/crashed its thread: ran out of memory \(limit 128 MB\)/);
    expect(await ending(f.client, 'echo', ['after'])).toMatchObject({ value: 'after' });
  });
});

describe('when a worker gets SIGTERM while a handler never ends', () => {
  const f = fleet(['--shutdown-timeout', '1000'], 1);
  const counters = new Redis(redis);
  beforeAll(() => Promise.all([f.pool.start(), f.pool.start()]));
  afterAll(async () => {
    await counters.quit();
    await f.cleanup();
  });

  it('exits within its shutdown timeout and another worker runs the task to completion', async () => {
    const res = await f.client.apply(signature('hangOnce'));
    let pid = 0;
    for (let i = 0; i < 400 && pid === 0; i++) {
      pid = Number(await counters.get(`${f.prefix}:hang-pid:${res.id}`));
      if (pid === 0) await sleep(50);
    }
    const index = f.pool.children.findIndex((child) => child.pid === pid);
    expect(index).toBeGreaterThanOrEqual(0);
    const other = f.pool.children[1 - index]!.pid;
    const stopped = await f.pool.stop(index, 'SIGTERM');
    // The shutdown timeout, then the CLI's half second to flush its output.
    expect(stopped.ms).toBeGreaterThanOrEqual(900);
    expect(stopped.ms).toBeLessThan(1000 + 1500);
    expect(f.pool.output).toMatch(/Shutdown timeout \(1000 ms\) passed with 1 task still running/);
    expect(await res.get({ timeout: 20_000 })).toEqual({ runs: 2, pid: other });
  });
});
