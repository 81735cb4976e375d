import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chain, chord, group, RevokedError, WorkflowValidationError, type App, type NodeSnapshot } from '../../index.js';
import type { AppFixture } from './app.contract.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

const ended = (nodes: readonly NodeSnapshot[]) => nodes.filter((n) => n.state === 'PENDING' || n.state === 'STARTED' || n.state === 'RETRY');

/** Steering a running app (revoke with and without terminate, purge, pause, resume, queue rate limits), on one driver. */
export function controlContract(driver: string, makeApp: () => Promise<AppFixture>): void {
  describe(`controlling runs on the ${driver} driver`, () => {
    let fixture: AppFixture;
    let app: App;
    let started: string[];
    let aborted: Map<string, number>;
    let finished: string[];
    let tasks: ReturnType<typeof register>;

    function register(a: App) {
      return {
        /** Runs `ms` unless its signal aborts first; records start, abort (with when) and a normal end. */
        hold: a.task('hold', async function (label: string, ms: number) {
          started.push(label);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, ms);
            this.signal.addEventListener('abort', () => {
              aborted.set(label, Date.now());
              clearTimeout(timer);
              resolve();
            });
          });
          if (!this.signal.aborted) finished.push(label);
          return label;
        }),
        quick: a.task('quick', (label: string) => (started.push(label), finished.push(label), label)),
        gather: a.task('gather', (labels: string[]) => (started.push('gather'), labels.join(','))),
        /** Replaces itself with a group of two long holds. */
        fan: a.task('fan', function () {
          this.replace(group([tasks.hold.s('x', 10_000), tasks.hold.s('y', 10_000)]));
        }),
      };
    }

    beforeEach(async () => {
      started = [];
      finished = [];
      aborted = new Map();
      fixture = await makeApp();
      app = fixture.app;
      tasks = register(app);
    });
    afterEach(() => fixture.cleanup());

    describe('when a chord is revoked while its header runs', () => {
      it('ends the workflow REVOKED with the body and every unfinished node REVOKED, none PENDING', async () => {
        app.worker({ concurrency: 2 });
        const res = await app.apply(chord([tasks.hold.s('a', 400), tasks.hold.s('b', 400), tasks.hold.s('c', 400)], tasks.gather.s()));
        await waitFor(() => started.length === 2);
        expect(await app.revoke(res.id)).toBe('REVOKED');
        await expect(res.get({ timeout: 5_000 })).rejects.toBeInstanceOf(RevokedError);
        const nodes = await res.nodes();
        expect(ended(nodes)).toEqual([]);
        expect(nodes.find((n) => n.role === 'body')?.state).toBe('REVOKED');
        // Without terminate, the running handlers run to their end; their results are not kept.
        await waitFor(() => finished.length === 2);
        await sleep(200);
        expect((await res.nodes()).every((n) => n.state === 'REVOKED')).toBe(true);
        expect(started).not.toContain('gather');
        expect(started).not.toContain('c');
      });
    });

    describe('when a revoke has terminate', () => {
      it("aborts every running handler's signal within 1 s and ends the workflow REVOKED", async () => {
        app.worker({ concurrency: 4 });
        const res = await app.apply(chord([tasks.hold.s('a', 10_000), tasks.hold.s('b', 10_000), tasks.hold.s('c', 10_000)], tasks.gather.s()));
        await waitFor(() => started.length === 3);
        const at = Date.now();
        await res.revoke({ terminate: true });
        await waitFor(() => aborted.size === 3, 1_000);
        for (const when of aborted.values()) expect(when - at).toBeLessThan(1_000);
        expect(finished).toEqual([]);
        expect(await res.state()).toBe('REVOKED');
        expect(ended(await res.nodes())).toEqual([]);
      });

      it('leaves handlers of other workflows running', async () => {
        app.worker({ concurrency: 4 });
        const doomed = await app.apply(tasks.hold.s('doomed', 10_000));
        const other = await app.apply(tasks.hold.s('other', 300));
        await waitFor(() => started.length === 2);
        await doomed.revoke({ terminate: true });
        expect(await other.get({ timeout: 5_000 })).toBe('other');
        expect([...aborted.keys()]).toEqual(['doomed']);
      });
    });

    describe('when a task had replaced itself', () => {
      it('revokes the replacement with its workflow, and terminate reaches the replacement\'s handlers', async () => {
        app.worker({ concurrency: 4 });
        const res = await app.apply(chain(tasks.quick.s('first'), tasks.fan.si()));
        await waitFor(() => started.includes('x') && started.includes('y'));
        await res.revoke({ terminate: true });
        await waitFor(() => aborted.size === 2, 1_000);
        const replacement = app.result(`${res.id}~r.1`);
        expect(await res.state()).toBe('REVOKED');
        expect(await replacement.state()).toBe('REVOKED');
        expect(ended(await replacement.nodes())).toEqual([]);
        expect(finished).toEqual(['first']);
      });
    });

    describe('when a revoke races with completions', () => {
      it('keeps the outcome of a node that committed first, and revoking again changes nothing', async () => {
        app.worker({ concurrency: 2 });
        const res = await app.apply(chain(tasks.quick.s('first'), tasks.hold.si('second', 5_000), tasks.quick.si('third')));
        await waitFor(() => started.includes('second'));
        await res.revoke({ terminate: true });
        await res.revoke({ terminate: true });
        expect(await app.revoke(res.id)).toBe('REVOKED');
        const states = Object.fromEntries((await res.nodes()).map((n) => [n.id, n.state]));
        expect(states).toEqual({ r: 'REVOKED', 'r.0': 'SUCCESS', 'r.1': 'REVOKED', 'r.2': 'REVOKED' });
      });

      it('leaves a workflow that had ended as it was', async () => {
        app.worker();
        const res = await app.apply(tasks.quick.s('done'));
        expect(await res.get({ timeout: 5_000 })).toBe('done');
        expect(await app.revoke(res.id, { terminate: true })).toBe('SUCCESS');
        expect(await res.get({ timeout: 1_000 })).toBe('done');
        expect((await res.nodes()).map((n) => n.state)).toEqual(['SUCCESS']);
        expect(await app.revoke('no-such-workflow')).toBeUndefined();
      });
    });

    describe('when a queue is purged', () => {
      it('drops its waiting and delayed tasks and ends their workflows REVOKED, never PENDING', async () => {
        const waiting = await app.apply(group(tasks.quick.s('w1').set({ queue: 'purged' }), tasks.quick.s('w2').set({ queue: 'purged' })));
        const delayed = await app.apply(chain(tasks.quick.s('d1').set({ queue: 'purged', countdown: 60_000 }), tasks.quick.s('d2')));
        const elsewhere = await app.apply(tasks.quick.s('kept').set({ queue: 'kept' }));
        await sleep(100);
        const result = await app.purge({ queue: 'purged' });
        expect(result.tasks).toBe(3);
        expect([...result.workflows].sort()).toEqual([waiting.id, delayed.id].sort());
        for (const res of [waiting, delayed]) {
          await expect(res.get({ timeout: 2_000 })).rejects.toBeInstanceOf(RevokedError);
          expect(ended(await res.nodes())).toEqual([]);
        }
        app.worker({ queues: ['purged', 'kept'] });
        expect(await elsewhere.get({ timeout: 5_000 })).toBe('kept');
        await sleep(200);
        expect(started).toEqual(['kept']);
        expect(await app.purge({ queue: 'purged' })).toEqual({ queue: 'purged', tasks: 0, workflows: [] });
      });
    });

    describe('when a queue is paused', () => {
      it('takes nothing from it until resumed', async () => {
        app.worker({ queues: ['paused'] });
        await app.pause('paused');
        expect(await app.isPaused('paused')).toBe(true);
        const res = await app.apply(tasks.quick.s('later').set({ queue: 'paused' }));
        await sleep(300);
        expect(started).toEqual([]);
        await app.resume('paused');
        expect(await app.isPaused('paused')).toBe(false);
        expect(await res.get({ timeout: 5_000 })).toBe('later');
      });
    });

    describe('when a task has retryOn', () => {
      it('retries the errors it names and fails at once on others', async () => {
        app.worker();
        let runs = 0;
        const flaky = app.task(
          'flaky',
          (kind: string) => {
            runs++;
            if (runs < 3) throw Object.assign(new Error(kind), { name: kind });
            return runs;
          },
          { retries: 5, retryOn: ['FetchError'], backoff: { type: 'exponential', delay: 10, maxDelay: 20 } },
        );
        expect(await (await app.apply(flaky.s('FetchError'))).get({ timeout: 5_000 })).toBe(3);
        runs = 0;
        const res = await app.apply(flaky.s('TypeError'));
        await expect(res.get({ timeout: 5_000 })).rejects.toMatchObject({ name: 'TaskError' });
        expect(runs).toBe(1);
      });
    });

    describe('when app.worker() is given an option it does not know', () => {
      it('refuses it, pointing a BullMQ limiter at setQueueRateLimit', () => {
        expect(() => app.worker({ limiter: { max: 1, duration: 1000 } } as never)).toThrow(/setQueueRateLimit/);
        expect(() => app.worker({ concurency: 2 } as never)).toThrow(/Invalid worker option `concurency`: Unknown option/);
      });
    });

    describe('when a queue has a rate limit', () => {
      it('starts at most that many tasks per second on it, across workers', async () => {
        await app.setQueueRateLimit('limited', '5/s');
        app.worker({ queues: ['limited'], concurrency: 10 });
        const times: number[] = [];
        const stamp = app.task('stamp', () => (times.push(Date.now()), null), { queue: 'limited' });
        const begun = Date.now();
        await (await app.apply(group(Array.from({ length: 10 }, () => stamp.s())))).get({ timeout: 10_000 });
        // Five may start at once; the next five wait for the next window.
        expect(Math.max(...times) - begun).toBeGreaterThanOrEqual(900);
        await app.setQueueRateLimit('limited', null);
        await expect(app.setQueueRateLimit('limited', '5 per second')).rejects.toThrow(WorkflowValidationError);
        await expect(app.pause('no:colons')).rejects.toThrow(WorkflowValidationError);
      });
    });
  });
}
