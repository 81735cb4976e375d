import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RevokedError, signature, type App, type Worker } from '../../index.js';

const fixture = join(import.meta.dirname, 'fixtures', 'isolation-app.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const graceMs = 300;

describe('when a workflow whose handler ignores its signal is revoked with terminate in a threads pool', () => {
  let app: App;
  let worker: Worker;

  beforeAll(async () => {
    // The fixture's app on the memory driver, here and in the thread.
    process.env.CELERIAC_DRIVER = 'memory';
    app = ((await import(fixture)) as { app: App }).app;
    // One thread: the next task can only run once the spinning one's thread was killed and replaced.
    worker = app.worker({ pool: 'threads', concurrency: 1, module: fixture, terminateGraceMs: graceMs });
    await worker.ready();
  });
  afterAll(async () => {
    await worker.close();
  });

  it('kills the thread after terminateGraceMs, ends the workflow REVOKED without a retry, and goes on with the next task', async () => {
    const res = await app.apply(signature('spin'));
    const taskId = `${res.id}:${(await res.nodes())[0]!.id}`;
    for (let i = 0; i < 100 && !worker.pool.running().includes(taskId); i++) await sleep(20);
    expect(worker.pool.running()).toContain(taskId);
    const next = await app.apply(signature('echo', ['next']));

    const started = performance.now();
    expect(await app.revoke(res.id, { terminate: true })).toBe('REVOKED');
    await expect(res.get({ timeout: 5_000 })).rejects.toBeInstanceOf(RevokedError);
    // The handler ignores its signal: its thread still runs it until the grace period is over.
    await sleep(graceMs / 3);
    expect(worker.pool.running()).toContain(taskId);

    expect(await next.get({ timeout: 20_000 })).toBe('next');
    expect(performance.now() - started).toBeGreaterThanOrEqual(graceMs - 10);
    expect(worker.pool.running()).not.toContain(taskId);
    const [node] = await res.nodes();
    expect(node).toMatchObject({ state: 'REVOKED', attempt: 1 });
    expect(await res.state()).toBe('REVOKED');
  });
});
