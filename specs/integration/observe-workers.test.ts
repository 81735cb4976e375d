import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, createApp, signature, type App, type CeleriacEvent } from '../../index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';
import { freePort } from './support/private-redis.js';
import { WorkerPool } from './support/worker-processes.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'celeriac.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const heartbeatMs = 300;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

function celeriac(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('seeing what runs across real worker processes', () => {
  const prefix = `test-${randomUUID()}`;
  const env = { CELERIAC_PREFIX: prefix, REDIS_URL: 'redis://127.0.0.1:6379' };
  let pool: WorkerPool;
  let client: App;
  let hooks: Server;
  const posted: Array<{ key: string | undefined; body: { taskName: string; nodeId: string; workflowId: string } }> = [];
  let metricsPort: number;

  beforeAll(async () => {
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        posted.push({ key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(body) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    const webhook = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/failures`;
    metricsPort = await freePort();
    pool = new WorkerPool({ app: join('specs', 'integration', 'fixtures', 'observe-app.ts'), env, concurrency: 3, args: ['--heartbeat-ms', String(heartbeatMs), '--report-webhook', webhook] });
    await pool.start();
    const second = new WorkerPool({
      app: join('specs', 'integration', 'fixtures', 'observe-app.ts'),
      env,
      concurrency: 2,
      queues: 'default,slow',
      args: ['--heartbeat-ms', String(heartbeatMs), '--report-webhook', webhook, '--metrics-port', String(metricsPort), '--log-level', 'warn'],
    });
    await second.start();
    // One pool owns both for cleanup; the second is killed by pid below.
    Object.assign(pool, { second });
    client = createApp({ redis: env.REDIS_URL, prefix, logger: quiet });
  });

  afterAll(async () => {
    await pool.stopAll();
    await (pool as unknown as { second: WorkerPool }).second.stopAll();
    await client.close();
    await new Promise((resolve) => hooks.close(resolve));
    await deleteKeys(prefix);
  });

  it('lists both workers with their queues and concurrency, and the CLI prints them', async () => {
    let workers = await client.inspect.workers();
    for (let i = 0; workers.length < 2 && i < 50; i++) workers = (await sleep(50), await client.inspect.workers());
    expect(workers.map((w) => [w.queues.join(','), w.concurrency]).sort()).toEqual([
      ['default', 3],
      ['default,slow', 2],
    ]);
    expect(new Set(workers.map((w) => w.pid)).size).toBe(2);
    const printed = await celeriac(['inspect', 'workers', '--json'], env);
    expect(printed.code, printed.stderr).toBe(0);
    expect((JSON.parse(printed.stdout) as Array<{ id: string }>).map((w) => w.id).sort()).toEqual(workers.map((w) => w.id).sort());
    const table = await celeriac(['inspect', 'workers'], env);
    expect(table.stdout).toMatch(/^ID\s+HOST\s+PID\s+QUEUES\s+CONCURRENCY\s+ACTIVE/m);
    const registered = await client.inspect.registered();
    expect(registered.map((r) => r.tasks)).toEqual([['add', 'charge', 'slow'], ['add', 'charge', 'slow']]);
  });

  it('streams the events of a failing workflow from the worker that ran it, reports it once by webhook, and counts it in /metrics', async () => {
    const reading = client.events({ types: ['task-failed', 'task-retried', 'workflow-failed'] });
    await reading.ready;
    const events: CeleriacEvent[] = [];
    void (async () => {
      for await (const event of reading) events.push(event);
    })();
    const res = await client.apply(chain(signature('add', [1, 2]), signature('charge', ['o-1'], { immutable: true }).set({ retries: 1, backoff: { type: 'fixed', delay: 50 } }), signature('add', [3])));
    await expect(res.get({ timeout: 20_000 })).rejects.toThrow(/card declined/);
    for (let i = 0; !events.some((e) => e.type === 'workflow-failed' && e.workflowId === res.id) && i < 100; i++) await sleep(50);
    const mine = events.filter((e) => e.workflowId === res.id);
    expect(mine.map((e) => `${e.type}:${e.nodeId ?? ''}`)).toEqual(['task-retried:r.1', 'task-failed:r.1', 'workflow-failed:']);
    const failed = mine.find((e) => e.type === 'task-failed')!;
    expect(failed.pid).not.toBe(process.pid);
    expect((await client.inspect.workers()).map((w) => w.id)).toContain(failed.workerId);
    expect(failed.error).toMatchObject({ type: 'TypeError', message: 'card declined for o-1' });

    for (let i = 0; !posted.some((p) => p.body.workflowId === res.id) && i < 100; i++) await sleep(50);
    await sleep(300);
    expect(posted.filter((p) => p.body.workflowId === res.id)).toEqual([{ key: `${res.id}:r.1`, body: expect.objectContaining({ taskName: 'charge', nodeId: 'r.1' }) }]);

    // The /metrics of one worker: its own counts, and the cluster's queues and workers.
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/celeriac_workers 2/);
    expect(text).toMatch(/celeriac_queue_jobs\{queue="default",state="waiting"\} \d+/);
    expect(text).toMatch(/# TYPE celeriac_tasks_total counter/);

    const listed = await celeriac(['workflows', '--state', 'FAILURE', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { items: Array<{ id: string; failedNode: unknown }> }).items).toEqual([
      expect.objectContaining({ id: res.id, failedNode: { nodeId: 'r.1', taskName: 'charge', errorType: 'TypeError', message: 'card declined for o-1' } }),
    ]);
  });

  it('celeriac events --json prints the live events, one per line', async () => {
    const child = execFile(process.execPath, [bin, 'events', '--json', '--type', 'task-succeeded', '--count', '2'], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    for (let i = 0; !stderr.includes('listening') && i < 200; i++) await sleep(50);
    const res = await client.apply(chain(signature('add', [1, 1]), signature('add', [1])));
    expect(await res.get({ timeout: 10_000 })).toBe(3);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as CeleriacEvent);
    expect(lines.map((e) => [e.type, e.workflowId, e.nodeId])).toEqual([
      ['task-succeeded', res.id, 'r.0'],
      ['task-succeeded', res.id, 'r.1'],
    ]);
  });

  it('shows bull-board the truth: jobs named after their task, the task in their data, a task failed for good as a failed job', async () => {
    const queue = new Queue('default', { connection: { host: '127.0.0.1', port: 6379 }, prefix });
    // BullMQ records a job finished a moment after the handler committed the outcome that get() saw.
    const settledJob = async (id: string) => {
      let job = await queue.getJob(id);
      for (let i = 0; (!job || !job.finishedOn) && i < 100; i++) job = (await sleep(50), await queue.getJob(id));
      return job!;
    };
    try {
      const ok = await client.apply(signature('add', [20, 22]));
      expect(await ok.get({ timeout: 10_000 })).toBe(42);
      const done = await settledJob(`${ok.id}.r.1`);
      expect(done.name).toBe('add');
      expect(done.data).toMatchObject({ workflowId: ok.id, nodeId: 'r', attempt: 1, task: 'add' });
      expect(await done.getState()).toBe('completed');
      expect(done.returnvalue).toEqual({ state: 'SUCCESS', task: 'add' });

      const bad = await client.apply(signature('charge', ['o-2']));
      await expect(bad.get({ timeout: 10_000 })).rejects.toThrow(/card declined/);
      // Attempt 1 failed and the engine sent attempt 2 as a job of its own: this job's delivery is done.
      const first = await settledJob(`${bad.id}.r.1`);
      expect(first.name).toBe('charge');
      expect(await first.getState()).toBe('completed');
      expect(first.returnvalue).toMatchObject({ state: 'RETRY', task: 'charge', retryInMs: 50, error: { type: 'TypeError', message: 'card declined for o-2' } });
      // Attempt 2 failed for good: a failed job in BullMQ's terms, with the task's error and stack, not retried by BullMQ.
      const last = await settledJob(`${bad.id}.r.2`);
      expect(last.name).toBe('charge');
      expect(await last.getState()).toBe('failed');
      expect(last.failedReason).toBe("Task 'charge' failed: TypeError: card declined for o-2");
      expect((last.stacktrace ?? []).join('\n')).toMatch(/TypeError: card declined for o-2/);
      expect(last.attemptsMade).toBe(1);
      const failed = await queue.getFailed(0, 100);
      expect(failed.filter((job) => job.data.workflowId === bad.id).map((job) => job.id)).toEqual([`${bad.id}.r.2`]);
      expect((await queue.getJobCounts('failed')).failed).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.close();
    }
  });

  it('drops a worker killed with SIGKILL within three heartbeats', async () => {
    const second = (pool as unknown as { second: WorkerPool }).second;
    const before = await client.inspect.workers();
    expect(before).toHaveLength(2);
    await second.kill(0);
    const killedAt = Date.now();
    let workers = before;
    while (workers.length === 2 && Date.now() - killedAt < 10 * heartbeatMs) workers = (await sleep(25), await client.inspect.workers());
    const gone = Date.now() - killedAt;
    expect(workers).toHaveLength(1);
    expect(gone).toBeLessThanOrEqual(3 * heartbeatMs);
  });

  it('tells a memory-driver user why fleet commands cannot work, and refuses bad usage with exit 2', async () => {
    const memory = await celeriac(['inspect', 'workers'], { REDIS_URL: '' });
    expect(memory.code).toBe(1);
    expect(memory.stderr).toMatch(/memory driver keeps tasks, workers and events inside one process.*REDIS_URL/s);
    const badType = await celeriac(['events', '--type', 'task-exploded'], env);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toMatch(/unknown event type 'task-exploded'; known types: task-sent/);
    const badWhat = await celeriac(['inspect', 'everything'], env);
    expect(badWhat.code).toBe(2);
    const badState = await celeriac(['workflows', '--state', 'DONE'], env);
    expect(badState.code).toBe(2);
  });
});
