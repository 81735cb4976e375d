import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signature, type App, type CeleriacEvent, type Worker } from '../../index.js';

const fixture = join(import.meta.dirname, 'fixtures', 'isolation-app.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(['threads', 'processes'] as const)('when a running handler is terminated in a %s pool', (pool) => {
  let app: App;
  let worker: Worker;

  beforeAll(async () => {
    // The fixture's app on the memory driver, here and in every child.
    process.env.CELERIAC_DRIVER = 'memory';
    app = ((await import(fixture)) as { app: App }).app;
    worker = app.worker({ pool, concurrency: 2, module: fixture });
    await worker.ready();
  });
  afterAll(async () => {
    await worker.close();
  });

  it('kills a handler that ignores its signal after the grace period, fails it with Terminated, and replaces the child', async () => {
    const res = await app.apply(signature('spin'));
    const taskId = `${res.id}:${(await res.nodes())[0]!.id}`;
    for (let i = 0; i < 100 && !worker.pool.running().includes(taskId); i++) await sleep(20);
    expect(worker.pool.running()).toContain(taskId);
    const started = performance.now();
    expect(worker.terminate(taskId, 200)).toBe(true);
    const error = (await res.get({ timeout: 10_000 }).catch((e: unknown) => e)) as Error & { errorName?: string };
    expect(error.errorName).toBe('Terminated');
    expect(error.message).toMatch(/was terminated: its (thread|process) was killed after its grace period/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(worker.terminate(taskId)).toBe(false);
    expect(await (await app.apply(signature('echo', ['next']))).get({ timeout: 20_000 })).toBe('next');
  });

  it('reports a handler that exits its child as task-failed with error.type WorkerCrashed, from the parent', async () => {
    const failed: CeleriacEvent[] = [];
    const stop = app.on('task-failed', (event) => void failed.push(event));
    try {
      const res = await app.apply(signature('exit').set({ retries: 0 }));
      const error = (await res.get({ timeout: 20_000 }).catch((e: unknown) => e)) as Error & { errorName?: string };
      expect(error.errorName).toBe('WorkerCrashed');
      for (let i = 0; i < 100 && !failed.some((e) => e.workflowId === res.id); i++) await sleep(20);
      const event = failed.find((e) => e.workflowId === res.id);
      expect(event).toMatchObject({ type: 'task-failed', taskName: 'exit', workerId: worker.id, error: { type: 'WorkerCrashed' } });
      expect(event?.runtimeMs).toBeGreaterThanOrEqual(0);
    } finally {
      stop();
    }
  });

  it('runs ctx.once in a child against the worker\'s store: the retry gets what the first attempt stored', async () => {
    const res = await app.apply(signature('onceThenRetry'));
    expect(await res.get({ timeout: 20_000 })).toBe('attempt 1');
  });
});
