import { afterEach, describe, expect, it } from 'vitest';
import { chain, chord, group, type App, type AppOptions, type CeleriacEvent, type EventSubscription } from '../../index.js';

export interface ObserveFixture {
  readonly app: App;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `test` holds, failing after `timeoutMs` with what `seen` says (by default, only that it did not). */
async function waitUntil(test: () => boolean, timeoutMs = 5000, seen = () => `condition not met within ${timeoutMs} ms`): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(seen());
    await sleep(10);
  }
}

/** Collects a reading's events in the background until stopped. */
function collect(subscription: EventSubscription): { events: CeleriacEvent[]; until(test: (events: CeleriacEvent[]) => boolean, timeoutMs?: number): Promise<void> } {
  const events: CeleriacEvent[] = [];
  void (async () => {
    for await (const event of subscription) events.push(event);
  })();
  return {
    events,
    until: (test, timeoutMs = 5000) =>
      waitUntil(() => test(events), timeoutMs, () => `Timed out waiting for events; got ${events.map((e) => `${e.type}:${e.nodeId ?? ''}`).join(' ')}`),
  };
}

/** What `app.on`, `app.events`, `app.metrics`, `app.inspect` and `app.workflows` promise, run against one driver. */
export function observeContract(driver: string, make: (options?: AppOptions) => Promise<ObserveFixture>): void {
  describe(`seeing what runs on the ${driver} driver`, () => {
    let fixture: ObserveFixture | undefined;
    afterEach(async () => {
      await fixture?.cleanup();
      fixture = undefined;
    });

    async function setup(options?: AppOptions) {
      fixture = await make(options);
      const { app } = fixture;
      let flaky = 0;
      const tasks = {
        add: app.task('add', (x: number, y: number) => x + y),
        xsum: app.task('xsum', (xs: number[]) => xs.reduce((a, b) => a + b, 0)),
        flaky: app.task('flaky', (x: number) => {
          if (++flaky < 2) throw new TypeError(`not yet ${flaky}`);
          return x;
        }, { retries: 2, backoff: { type: 'fixed', delay: 10 } }),
        boom: app.task('boom', () => {
          throw new RangeError('kaboom');
        }, { retries: 1, backoff: { type: 'fixed', delay: 10 } }),
      };
      const worker = app.worker({ concurrency: 4, heartbeatMs: 100 });
      return { app, tasks, worker };
    }

    describe('when a chain retries a task, then fails on another', () => {
      it('streams every event of its life in order, with the fields for each', async () => {
        const { app, tasks } = await setup();
        const reading = app.events({ types: undefined });
        await reading.ready;
        const seen = collect(reading);
        const res = await app.apply(chain(tasks.flaky.s(1), tasks.add.s(2), tasks.boom.si(), tasks.add.s(3)));
        await expect(res.get({ timeout: 10_000 })).rejects.toThrow(/kaboom/);
        await seen.until((events) => events.some((e) => e.type === 'workflow-failed' && e.workflowId === res.id));
        const mine = seen.events.filter((e) => e.workflowId === res.id);
        const line = mine.map((e) => `${e.type}${e.nodeId ? ` ${e.nodeId}` : ''}${e.attempt ? `#${e.attempt}` : ''}`);
        expect(line[0]).toBe('workflow-started');
        const [flaky, add, boom, last] = ['r.0', 'r.1', 'r.2', 'r.3'];
        for (const expected of [
          `task-sent ${flaky}#1`,
          `task-received ${flaky}#1`,
          `task-started ${flaky}#1`,
          `task-retried ${flaky}#1`,
          `task-sent ${flaky}#2`,
          `task-started ${flaky}#2`,
          `task-succeeded ${flaky}#2`,
          `task-succeeded ${add}#1`,
          `task-retried ${boom}#1`,
          `task-failed ${boom}#2`,
          'workflow-failed',
        ]) {
          expect(line, expected).toContain(expected);
        }
        // Each step's events come in its life's order.
        expect(line.indexOf(`task-started ${flaky}#1`)).toBeLessThan(line.indexOf(`task-retried ${flaky}#1`));
        expect(line.indexOf(`task-failed ${boom}#2`)).toBeLessThan(line.indexOf('workflow-failed'));
        // The step after the failure never ran: no event of its own, none of failure.
        expect(line.filter((l) => l.includes(` ${last}`)).filter((l) => !l.startsWith('task-sent'))).toEqual([]);
        expect(line.filter((l) => l.startsWith('task-failed'))).toEqual([`task-failed ${boom}#2`]);

        const retried = mine.find((e) => e.type === 'task-retried' && e.nodeId === flaky)!;
        expect(retried).toMatchObject({ taskName: 'flaky', attempt: 1, retryInMs: 10, error: { type: 'TypeError', message: 'not yet 1' }, parentId: 'r' });
        expect(retried.error!.stack).toMatch(/TypeError: not yet 1/);
        const failed = mine.find((e) => e.type === 'task-failed')!;
        expect(failed).toMatchObject({ taskName: 'boom', nodeId: boom, attempt: 2, error: { type: 'RangeError', message: 'kaboom' } });
        expect(typeof failed.workerId).toBe('string');
        expect(typeof failed.hostname).toBe('string');
        expect(failed.pid).toBe(process.pid);
        expect(failed.runtimeMs).toBeGreaterThanOrEqual(0);
        expect(mine.find((e) => e.type === 'task-succeeded' && e.nodeId === add)!.runtimeMs).toBeGreaterThanOrEqual(0);
        // No arguments or results by default.
        expect(mine.some((e) => 'args' in e || 'result' in e)).toBe(false);
        // Plain JSON all the way.
        expect(JSON.parse(JSON.stringify(mine))).toEqual(mine);
      });
    });

    describe('when hooks are registered', () => {
      it('fires task-failed once per node that failed by its own error, never for cascaded marks', async () => {
        const { app, tasks } = await setup();
        const failed: string[] = [];
        const retried: string[] = [];
        app.on('task-failed', (e) => void failed.push(`${e.workflowId}:${e.nodeId}:${e.taskName}`));
        app.on('task-retried', (e) => void retried.push(`${e.nodeId}#${e.attempt}`));
        const res = await app.apply(chord([tasks.add.s(1, 1), tasks.boom.si(), tasks.add.s(2, 2)], tasks.xsum.s()));
        await expect(res.get({ timeout: 10_000 })).rejects.toThrow();
        await waitUntil(() => failed.length > 0);
        await sleep(100);
        expect(failed).toEqual([`${res.id}:r.1:boom`]);
        expect(retried).toEqual(['r.1#1']);
      });

      it('fires workflow-revoked once, however many times the workflow is revoked', async () => {
        const { app, tasks } = await setup();
        const revoked: string[] = [];
        app.on('workflow-revoked', (e) => void revoked.push(e.workflowId!));
        // Held back long enough that the revokes come first.
        const res = await app.apply(chain(tasks.add.s(1, 1).set({ countdown: 60_000 }), tasks.add.s(1)));
        await res.revoke();
        expect(await app.revoke(res.id)).toBe('REVOKED');
        expect(await app.revoke(res.id, { terminate: true })).toBe('REVOKED');
        await sleep(100);
        expect(revoked).toEqual([res.id]);
      });

      it('a hook that throws or rejects fails neither the task nor the other hooks, and unsubscribing stops it', async () => {
        const { app, tasks } = await setup();
        let calls = 0;
        app.on('task-succeeded', () => {
          throw new Error('hook broke');
        });
        app.on('task-succeeded', async () => {
          throw new Error('async hook broke');
        });
        const stop = app.on('task-succeeded', () => void calls++);
        expect(await (await app.apply(tasks.add.s(1, 2))).get({ timeout: 5000 })).toBe(3);
        // The hook runs in the worker after its commit, which may come after the producer saw the result.
        await waitUntil(() => calls === 1);
        stop();
        expect(await (await app.apply(tasks.add.s(2, 2))).get({ timeout: 5000 })).toBe(4);
        await sleep(100);
        expect(calls).toBe(1);
      });

      it('refuses an unknown event type', async () => {
        const { app } = await setup();
        expect(() => app.on('task-exploded' as never, () => undefined)).toThrow(/event type/);
      });
    });

    describe('when created with events: { includeArgs: true }', () => {
      it('carries arguments in task-sent and task-started, and results in task-succeeded', async () => {
        const { app, tasks } = await setup({ events: { includeArgs: true } });
        const reading = app.events({ types: ['task-sent', 'task-started', 'task-succeeded'] });
        await reading.ready;
        const seen = collect(reading);
        const res = await app.apply(chain(tasks.add.s(2, 3), tasks.add.s(10)));
        expect(await res.get({ timeout: 5000 })).toBe(15);
        await seen.until((events) => events.filter((e) => e.type === 'task-succeeded' && e.workflowId === res.id).length === 2);
        const mine = seen.events.filter((e) => e.workflowId === res.id);
        expect(mine.filter((e) => e.type === 'task-started').map((e) => e.args)).toEqual([[2, 3], [5, 10]]);
        expect(mine.filter((e) => e.type === 'task-succeeded').map((e) => e.result)).toEqual([5, 15]);
        expect(mine.find((e) => e.type === 'task-sent' && e.nodeId === 'r.0')!.args).toEqual([2, 3]);
      });
    });

    describe('when created with events: false', () => {
      it('publishes nothing and says so on app.events(), while hooks and metrics still see every event', async () => {
        const { app, tasks } = await setup({ events: false });
        expect(() => app.events()).toThrow(/events: false/);
        const succeeded: string[] = [];
        app.on('task-succeeded', (e) => void succeeded.push(e.taskName!));
        expect(await (await app.apply(tasks.add.s(1, 2))).get({ timeout: 5000 })).toBe(3);
        expect(succeeded).toEqual(['add']);
        expect(await app.metrics()).toMatch(/celeriac_tasks_total\{task="add",state="succeeded"\} 1/);
      });
    });

    describe('when tasks and workflows end', () => {
      it('counts them in the metrics', async () => {
        const { app, tasks } = await setup();
        await (await app.apply(group(tasks.add.s(1, 1), tasks.add.s(2, 2)))).get({ timeout: 5000 });
        await expect((await app.apply(tasks.boom.si())).get({ timeout: 5000 })).rejects.toThrow();
        // A waiter wakes as the outcome is written, a moment before the writer counts the workflow's end.
        let text = await app.metrics();
        for (let i = 0; !/celeriac_workflows_total\{state="failed"\} 1/.test(text) && i < 50; i++) text = (await sleep(20), await app.metrics());
        expect(text).toMatch(/celeriac_tasks_total\{task="add",state="succeeded"\} 2/);
        expect(text).toMatch(/celeriac_tasks_total\{task="boom",state="retried"\} 1/);
        expect(text).toMatch(/celeriac_tasks_total\{task="boom",state="failed"\} 1/);
        expect(text).toMatch(/celeriac_workflows_total\{state="succeeded"\} 1/);
        expect(text).toMatch(/celeriac_workflows_total\{state="failed"\} 1/);
        expect(text).toMatch(/celeriac_task_duration_seconds_count\{task="add"\} 2/);
        expect(text).toMatch(/celeriac_queue_jobs\{queue="default",state="waiting"\} 0/);
        expect(text).toMatch(/celeriac_workers 1/);
      });
    });

    describe('when a worker runs', () => {
      it('is listed by inspect with its queues, concurrency, tasks and what it runs', async () => {
        const { app, worker } = await setup();
        const slow = app.task('slow', async (ms: number) => (await sleep(ms), ms));
        let workers = await app.inspect.workers();
        for (let i = 0; workers.length === 0 && i < 50; i++) workers = (await sleep(20), await app.inspect.workers());
        expect(workers).toEqual([
          expect.objectContaining({ id: worker.id, pid: process.pid, queues: ['default'], concurrency: 4, active: 0 }),
        ]);
        expect(Object.keys(workers[0]!).sort()).toEqual(['active', 'concurrency', 'hostname', 'id', 'lastHeartbeatAt', 'pid', 'processed', 'queues', 'startedAt']);
        const res = await app.apply(slow.s(600));
        let active = await app.inspect.active();
        for (let i = 0; active.length === 0 && i < 50; i++) active = (await sleep(20), await app.inspect.active());
        expect(active).toEqual([expect.objectContaining({ workflowId: res.id, nodeId: 'r', taskName: 'slow', attempt: 1, workerId: worker.id })]);
        expect((await app.inspect.registered()).find((r) => r.workerId === worker.id)!.tasks).toEqual(['add', 'boom', 'flaky', 'slow', 'xsum']);
        expect(await app.inspect.queues()).toEqual([expect.objectContaining({ name: 'default', active: 1, paused: false })]);
        await res.get({ timeout: 5000 });
        await worker.close();
        expect(await app.inspect.workers()).toEqual([]);
      });

      it('lists tasks waiting for their countdown under scheduled', async () => {
        const { app, tasks } = await setup();
        const res = await app.apply(tasks.add.s(1, 2).set({ countdown: 60_000 }));
        const { delayed } = await app.inspect.scheduled();
        expect(delayed).toEqual([expect.objectContaining({ workflowId: res.id, nodeId: 'r' })]);
        expect(delayed[0]!.runAt).toBeGreaterThan(Date.now() + 50_000);
      });
    });

    describe('when workflows have run', () => {
      it('lists them newest first, filtered by state and task, with where they failed', async () => {
        const { app, tasks } = await setup();
        const ok = await app.apply(tasks.add.s(1, 2));
        await ok.get({ timeout: 5000 });
        const bad = await app.apply(chain(tasks.add.s(1, 1), tasks.boom.si()));
        await expect(bad.get({ timeout: 5000 })).rejects.toThrow();
        const all = await app.workflows();
        expect(all.items.map((w) => w.id)).toEqual([bad.id, ok.id]);
        const failed = await app.workflows({ state: 'FAILURE', task: 'boom', since: new Date(Date.now() - 60_000) });
        expect(failed.items).toEqual([
          expect.objectContaining({ id: bad.id, state: 'FAILURE', name: 'chain(add, ...)', failedNode: { nodeId: 'r.1', taskName: 'boom', errorType: 'RangeError', message: 'kaboom' } }),
        ]);
        expect(failed.items[0]!.endedAt).toBeGreaterThanOrEqual(failed.items[0]!.createdAt);
        const first = await app.workflows({ limit: 1 });
        expect(first.items.map((w) => w.id)).toEqual([bad.id]);
        expect((await app.workflows({ limit: 1, cursor: first.next! })).items.map((w) => w.id)).toEqual([ok.id]);
        await expect(app.workflows({ limit: 0 })).rejects.toThrow(/limit/);
      });
    });
  });
}
