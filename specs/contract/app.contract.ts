import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chain,
  ChordError,
  chord,
  currentTask,
  group,
  NotRegisteredError,
  RevokedError,
  TaskError,
  TimeoutError,
  xmap,
  type App,
  type Json,
} from '../../index.js';

export interface AppFixture {
  readonly app: App;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The public API's semantics (shared/API.md: App, Canvas, Running), run against one driver.
 * Each test gets a fresh app with its own tasks, a running worker and its own key prefix.
 */
export function appContract(driver: string, makeApp: () => Promise<AppFixture>): void {
  describe(`app semantics on the ${driver} driver`, () => {
    let fixture: AppFixture;
    let app: App;
    let calls: Array<{ task: string; args: Json[] }>;
    let tasks: ReturnType<typeof register>;

    function register(a: App) {
      const record = (task: string, args: Json[]) => calls.push({ task, args });
      return {
        add: a.task('add', (x: number, y: number) => (record('add', [x, y]), x + y)),
        mul: a.task('mul', (x: number, y: number) => (record('mul', [x, y]), x * y)),
        xsum: a.task('xsum', (xs: number[]) => (record('xsum', [xs]), xs.reduce((s, x) => s + x, 0))),
        echo: a.task('echo', (...args: Json[]) => (record('echo', args), args)),
        slow: a.task('slow', async (ms: number, value: Json) => (await sleep(ms), record('slow', [ms, value]), value)),
        boom: a.task('boom', (message: string = 'boom') => {
          record('boom', [message]);
          throw new RangeError(message);
        }),
        note: a.task('note', (...args: Json[]) => (record('note', args), 'noted')),
      };
    }

    beforeEach(async () => {
      calls = [];
      fixture = await makeApp();
      app = fixture.app;
      tasks = register(app);
      app.worker({ concurrency: 4 });
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    const run = async (canvas: Parameters<App['apply']>[0]) => (await app.apply(canvas)).get({ timeout: 15_000 });
    const count = (task: string) => calls.filter((c) => c.task === task).length;

    describe('when canvases from the API examples run', () => {
      it('chains prepend each result to the next step', async () => {
        const { add, mul } = tasks;
        expect(await run(chain(add.s(2, 2), add.s(4), mul.s(8)))).toBe(64);
      });
      it('groups give their members results in member order', async () => {
        expect(await run(group(tasks.add.s(1, 1), tasks.add.s(2, 2)))).toEqual([2, 4]);
      });
      it('chords give the ordered header results to the body', async () => {
        expect(await run(chord([tasks.add.s(1, 1), tasks.add.s(2, 2)], tasks.xsum.s()))).toBe(6);
      });
      it('a group inside a chain receives the previous result and feeds the next step', async () => {
        const { add, xsum } = tasks;
        expect(await run(chain(add.s(1, 1), group(add.s(10), add.s(20)), xsum.s()))).toBe(34);
      });
      it('task.delay runs one task', async () => {
        expect(await (await tasks.add.delay(20, 22)).get({ timeout: 10_000 })).toBe(42);
      });
      it('an immutable signature ignores the parent result', async () => {
        expect(await run(chain(tasks.add.s(1, 1), tasks.add.si(10, 10)))).toBe(20);
      });
      it('set() returns a new signature and leaves the original unchanged', () => {
        const base = tasks.add.s(2);
        const delayed = base.set({ countdown: 500, retries: 3, queue: 'math', priority: 1 });
        expect(base.options).toEqual({});
        expect(delayed.options).toMatchObject({ countdown: 500, retries: 3, queue: 'math', priority: 1 });
        expect(delayed).not.toBe(base);
      });
    });

    describe('when members finish out of order', () => {
      it('keeps results in member order, not completion order', async () => {
        const { slow } = tasks;
        expect(await run(group(slow.s(120, 'a'), slow.s(60, 'b'), slow.s(0, 'c')))).toEqual(['a', 'b', 'c']);
        expect(await run(chord([slow.s(90, 1), slow.s(0, 2), slow.s(40, 3)], tasks.echo.s()))).toEqual([[1, 2, 3]]);
      });
    });

    describe('when canvases nest', () => {
      it('a one-member group still yields a list', async () => {
        expect(await run(group(tasks.add.s(1, 1)))).toEqual([2]);
      });
      it('a group in a group yields a nested list', async () => {
        const { add } = tasks;
        expect(await run(group(add.s(1, 1), group(add.s(2, 2), add.s(3, 3)), group()))).toEqual([2, [4, 6], []]);
      });
      it('a chord of chains', async () => {
        const { add, mul, xsum } = tasks;
        expect(await run(chord([chain(add.s(1, 1), mul.s(10)), chain(add.s(2, 2), mul.s(10))], xsum.s()))).toBe(60);
      });
      it('a group of chords', async () => {
        const { add, xsum } = tasks;
        expect(await run(group(chord([add.s(1, 1)], xsum.s()), chord([add.s(2, 2), add.s(3, 3)], xsum.s())))).toEqual([2, 10]);
      });
      it('a chain of chords passes each chord result on', async () => {
        const { add, xsum } = tasks;
        expect(await run(chain(chord([add.s(1, 1), add.s(2, 2)], xsum.s()), chord([add.s(10), add.s(100)], xsum.s())))).toBe(122);
      });
      it('a chord following a step gives that result to every header member', async () => {
        const { add, xsum } = tasks;
        expect(await run(chain(add.s(2, 3), chord([add.s(1), add.s(2)], xsum.s())))).toBe(13);
      });
      it('a chain inside a group inside a chain', async () => {
        const { add, mul } = tasks;
        expect(await run(chain(add.s(1, 1), group(chain(add.s(1), mul.s(3)), mul.s(5))))).toEqual([9, 10]);
      });
    });

    describe('when many canvases are applied at once', () => {
      it('runs each as its own workflow and returns their handles in order', async () => {
        const { add, xsum } = tasks;
        const results = await app.applyMany([add.s(1, 1), chord([add.s(2, 2), add.s(3, 3)], xsum.s()), group(), chain(add.s(1, 1), add.s(10))]);
        expect(new Set(results.map((r) => r.id)).size).toBe(4);
        expect(await Promise.all(results.map((r) => r.get({ timeout: 10_000 })))).toEqual([2, 10, [], 12]);
      });
      it('sends nothing when one of them is invalid, and says which', async () => {
        const strict = app.task('strict', (n: number) => (calls.push({ task: 'strict', args: [n] }), n), { input: { type: 'array', prefixItems: [{ type: 'number' }] } });
        // @ts-expect-error a wrong argument on purpose: the run-time contract check is under test
        const error = await app.applyMany([strict.s(1), strict.s('two')]).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: 'WorkflowValidationError', errors: [expect.objectContaining({ path: '/1/args/0' })] });
        await sleep(100);
        expect(calls).toEqual([]); // not even the valid first one ran
        expect(await (await app.applyMany([strict.s(5)]))[0]!.get({ timeout: 10_000 })).toBe(5);
      });
    });

    describe('when a group or chord has no members', () => {
      it('an empty group gives []', async () => {
        expect(await run(group())).toEqual([]);
      });
      it('an empty chord calls its body with []', async () => {
        expect(await run(chord([], tasks.echo.s()))).toEqual([[]]);
      });
      it('an empty group in a chain passes [] on', async () => {
        expect(await run(chain(tasks.add.s(1, 1), group(tasks.note.si()).set({ priority: 3 }), tasks.echo.s()))).toEqual([['noted']]);
        expect(await run(chain(group(), tasks.echo.s()))).toEqual([[]]);
      });
    });

    describe('when a chord header member fails', () => {
      it('fails with a ChordError naming the member and never runs the body', async () => {
        const { add, boom, xsum } = tasks;
        const res = await app.apply(chord([add.s(1, 1), boom.s('bad member')], xsum.s()));
        const error = await res.get({ timeout: 10_000 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ChordError);
        expect((error as ChordError).failedMember).toMatchObject({ index: 1, taskName: 'boom' });
        expect((error as Error).message).toContain('bad member');
        expect(count('xsum')).toBe(0);
        expect(await res.state()).toBe('FAILURE');
        const nodes = await res.nodes();
        expect(nodes.find((n) => n.id === 'r.b')?.state).toBe('FAILURE');
      });
      it('cancels members that have not started', async () => {
        const w = app.worker({ concurrency: 1, queues: ['serial'] });
        const { boom, note, xsum } = tasks;
        const serial = { queue: 'serial' } as const;
        const header = [boom.s().set(serial), ...Array.from({ length: 5 }, () => note.s().set({ ...serial, countdown: 300 }))];
        // @ts-expect-error string results into xsum: the body never runs, the failing member is under test
        const res = await app.apply(chord(header, xsum.s()));
        await expect(res.get({ timeout: 10_000 })).rejects.toBeInstanceOf(ChordError);
        await sleep(600);
        expect(count('note')).toBe(0);
        const states = (await res.nodes()).filter((n) => n.task === 'note').map((n) => n.state);
        expect(states).toEqual(['REVOKED', 'REVOKED', 'REVOKED', 'REVOKED', 'REVOKED']);
        await w.close();
      });
    });

    describe('when a chain step fails', () => {
      it('stops the chain and every later step ends FAILURE', async () => {
        const { add, boom, mul } = tasks;
        // @ts-expect-error a list into add: the chain stops before it, the failing step is under test
        const res = await app.apply(chain(add.s(1, 1), boom.si('step 2'), add.s(3), group(mul.s(2), mul.s(3)), add.s(1)));
        const error = await res.get({ timeout: 10_000 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TaskError);
        expect((error as TaskError).taskName).toBe('boom');
        expect((error as TaskError).message).toBe('step 2');
        expect((error as TaskError).remoteStack).toContain('RangeError: step 2');
        const nodes = await res.nodes();
        const after = nodes.filter((n) => n.kind === 'task' && n.id !== 'r.0' && n.id !== 'r.1');
        expect(after.length).toBeGreaterThan(0);
        expect(after.every((n) => n.state === 'FAILURE')).toBe(true);
        expect(count('add')).toBe(1);
        expect(count('mul')).toBe(0);
      });
    });

    describe('when callbacks are linked', () => {
      it('link runs once after success with the result prepended', async () => {
        const { add, note } = tasks;
        expect(await run(add.s(2, 2).link(note.s('after')))).toBe(4);
        await waitFor(() => count('note') === 1);
        await sleep(100);
        expect(calls.filter((c) => c.task === 'note')).toEqual([{ task: 'note', args: [4, 'after'] }]);
      });
      it('link on a chord runs once with the chord result; an immutable link gets its own args only', async () => {
        const { add, note, xsum } = tasks;
        expect(await run(chord([add.s(1, 1), add.s(1, 2)], xsum.s()).link(note.s()).link(note.si('fixed')))).toBe(5);
        await waitFor(() => count('note') === 2);
        await sleep(100);
        expect(calls.filter((c) => c.task === 'note').map((c) => c.args).sort()).toEqual([[5], ['fixed']]);
      });
      it('linkError runs once however many members failed, with a description of the failure', async () => {
        const { boom, note } = tasks;
        const res = await app.apply(group(boom.s('first'), boom.s('second'), boom.s('third')).linkError(note.s()));
        await expect(res.get({ timeout: 10_000 })).rejects.toBeInstanceOf(TaskError);
        await waitFor(() => count('note') === 1);
        await sleep(150);
        expect(count('note')).toBe(1);
        const [description] = calls.find((c) => c.task === 'note')!.args as [Record<string, Json>];
        expect(description).toMatchObject({ taskName: 'boom', type: 'TaskError', errorName: 'RangeError' });
        expect(String(description!.nodeId)).toMatch(/^r\.\d$/);
        expect(String(description!.message)).toMatch(/first|second|third/);
        expect(String(description!.stack)).toContain('RangeError');
      });
      it('link does not run when the node fails, linkError does not run when it succeeds', async () => {
        const { add, boom, note, echo } = tasks;
        await expect(run(boom.s().link(note.s('never')))).rejects.toBeInstanceOf(TaskError);
        expect(await run(add.s(1, 1).linkError(echo.s('never')))).toBe(2);
        await sleep(150);
        expect(count('note') + count('echo')).toBe(0);
      });
    });

    describe('when a handler misbehaves', () => {
      it('a thrown error rejects get() with a TaskError, and the worker keeps running', async () => {
        await expect(run(tasks.boom.s('kaput'))).rejects.toMatchObject({ name: 'TaskError', taskName: 'boom', message: 'kaput' });
        expect(await run(tasks.add.s(1, 2))).toBe(3);
      });
      it('a non-JSON result is a clear TaskError, and the worker keeps running', async () => {
        app.task('dates', () => new Date(0));
        app.task('fn', () => ({ nested: [() => 1] }));
        await expect(run(tasksSig(app, 'dates'))).rejects.toThrow(/not JSON.*Date/);
        await expect(run(tasksSig(app, 'fn'))).rejects.toThrow(/not JSON.*function at \/nested\/0/);
        expect(await run(tasks.add.s(1, 2))).toBe(3);
      });
      it('an unregistered task name rejects get() with NotRegisteredError, never hangs', async () => {
        const error = await run(tasksSig(app, 'nobody-registered-me')).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotRegisteredError);
        expect((error as Error).message).toContain("app.task('nobody-registered-me'");
        expect(await run(tasks.add.s(1, 2))).toBe(3);
      });
    });

    describe('when a task is retried', () => {
      it('retries after thrown errors and exposes attempt and a stable idempotency key', async () => {
        const seen: Array<{ attempt: number; key: string }> = [];
        const flaky = app.task('flaky', () => {
          const ctx = currentTask();
          seen.push({ attempt: ctx.attempt, key: ctx.idempotencyKey });
          if (ctx.attempt < 3) throw new Error(`attempt ${ctx.attempt}`);
          return ctx.attempt;
        }, { retries: 2, backoff: { type: 'fixed', delay: 20 } });
        expect(await run(flaky.s())).toBe(3);
        expect(seen.map((s) => s.attempt)).toEqual([1, 2, 3]);
        expect(new Set(seen.map((s) => s.key)).size).toBe(1);
      });
      it('fails with the last error once retries are spent', async () => {
        let n = 0;
        const always = app.task('always', () => {
          n++;
          throw new Error(`failure ${n}`);
        });
        await expect(run(always.s().set({ retries: 2 }))).rejects.toMatchObject({ message: 'failure 3' });
        expect(n).toBe(3);
      });
      it('ctx.retry() asks for another attempt after its countdown', async () => {
        const times: number[] = [];
        const polite = app.task('polite', function () {
          times.push(Date.now());
          if (this.attempt === 1) this.retry({ countdown: 150 });
          return this.attempt;
        }, { retries: 1 });
        expect(await run(polite.s())).toBe(2);
        expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(140);
      });
    });

    describe('when a task uses ctx.once', () => {
      it('runs the function on the first attempt only and gives later attempts its stored result', async () => {
        let charges = 0;
        const charge = app.task('chargeOnce', async function (order: string) {
          const receipt = await this.once('charge', () => `ch-${++charges}-${order}`);
          const again = await currentTask().once('charge', () => 'never stored');
          if (this.attempt < 3) throw new Error(`attempt ${this.attempt} failed after charging`);
          return [receipt, again];
        }, { retries: 2, backoff: { type: 'fixed', delay: 10 } });
        expect(await run(charge.s('o-1'))).toEqual(['ch-1-o-1', 'ch-1-o-1']);
        expect(charges).toBe(1);
      });
      it('keys results by node, so two nodes of one workflow each run theirs', async () => {
        let runs = 0;
        const stamp = app.task('stamp', async function (x: number) {
          return this.once('stamp', () => `${x}:${++runs}`);
        });
        expect(await run(group(stamp.s(1), stamp.s(2)))).toEqual([expect.stringMatching(/^1:[12]$/), expect.stringMatching(/^2:[12]$/)]);
        expect(runs).toBe(2);
      });
      it('fails the task at once, without retries, when the function returns something that is not JSON', async () => {
        let tries = 0;
        const bad = app.task('badOnce', async function () {
          tries++;
          return this.once('when', () => new Date() as unknown as Json);
        }, { retries: 3 });
        await expect(run(bad.s())).rejects.toThrow(/ctx.once\('when'\) can only store JSON/);
        expect(tries).toBe(1);
      });
    });

    describe('when a task is mapped over items', () => {
      it('map, starmap and chunks give their results in item order', async () => {
        const { add, xsum } = tasks;
        expect(await run(xsum.map([[1, 2], [3], []]))).toEqual([3, 3, 0]);
        expect(await run(add.starmap([[1, 2], [3, 4]]))).toEqual([3, 7]);
        expect(await run(add.chunks([[1, 1], [2, 2], [3, 3]], 2))).toEqual([[2, 4], [6]]);
        expect(await run(chain(add.starmap([[1, 2], [3, 4]]), xsum.s()))).toBe(10);
        expect(calls.filter((c) => c.task === 'add')).toHaveLength(7); // one handler call per item
      });
      it('fails clearly when the mapped task is unknown or an item breaks its contract', async () => {
        await expect(run(xmap('nobody', [1]))).rejects.toThrow(/map: task 'nobody' is not registered/);
        app.task('positive', (n: number) => n, { input: { type: 'array', prefixItems: [{ type: 'number', minimum: 0 }] } });
        await expect(run(xmap('positive', [1, -2]))).rejects.toThrow(/item 1: .*positive/);
      });
      it('reserves the built-in task names', () => {
        expect(() => app.task('celeriac.map', () => 1)).toThrow(/Celeriac's own/);
      });
    });

    describe('when a task replaces itself', () => {
      it('its replacement runs and its result becomes the task result, and the chain goes on', async () => {
        const { add, xsum } = tasks;
        const expand = app.task('expand', function (x: number) {
          this.replace(chord([add.s(x, 1), add.s(x, 2)], xsum.s()));
        });
        expect(await run(chain(add.s(1, 1), expand.s(), add.s(100)))).toBe(107);
        expect(count('xsum')).toBe(1);
      });
      it('keeps its place in a chord header and fires its own link once', async () => {
        const { add, echo, note } = tasks;
        const twice = app.task('twice', (x: number) => currentTask().replace(chain(add.s(x, x), add.s(0))));
        expect(await run(chord([add.s(1, 1), twice.s(5).link(note.s('linked')), add.s(3, 3)], echo.s()))).toEqual([[2, 10, 6]]);
        await waitFor(() => count('note') === 1);
        expect(calls.find((c) => c.task === 'note')?.args).toEqual([10, 'linked']);
      });
      it('fails as its replacement fails', async () => {
        const giveUp = app.task('giveUp', () => currentTask().replace(chain(tasks.add.s(1, 1), tasks.boom.si('inside the replacement'))));
        await expect(run(chain(giveUp.s(), tasks.add.s(1)))).rejects.toMatchObject({ name: 'TaskError', taskName: 'boom', message: 'inside the replacement' });
      });
      it('fails at once, without retries, when the replacement is not a canvas', async () => {
        let runs = 0;
        const bad = app.task('bad', () => {
          runs++;
          currentTask().replace('not a canvas' as never);
        }, { retries: 3 });
        await expect(run(bad.s())).rejects.toMatchObject({ name: 'TaskError', errorName: 'InvalidReplacement' });
        expect(runs).toBe(1);
      });
    });

    describe('when a task is scheduled', () => {
      it('countdown delays the start', async () => {
        const started = Date.now();
        const at = app.task('at', () => Date.now());
        const ran = (await run(at.s().set({ countdown: 300 }))) as number;
        expect(ran - started).toBeGreaterThanOrEqual(290);
      });
      it('eta delays the start until that time', async () => {
        const eta = new Date(Date.now() + 300);
        const at = app.task('at', () => Date.now());
        const ran = (await run(at.s().set({ eta }))) as number;
        expect(ran).toBeGreaterThanOrEqual(eta.getTime() - 10);
      });
      it('a task not started before it expires ends REVOKED', async () => {
        const res = await app.apply(tasks.note.s().set({ countdown: 200, expires: 50 }));
        await expect(res.get({ timeout: 10_000 })).rejects.toBeInstanceOf(RevokedError);
        expect(await res.state()).toBe('REVOKED');
        expect(count('note')).toBe(0);
      });
      it('a timeout fails an attempt that runs too long', async () => {
        const error = await run(tasks.slow.s(2000, 'late').set({ timeout: 100 })).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TaskError);
        expect((error as TaskError).errorName).toBe('TimeLimitExceeded');
      });
    });

    describe('when results are read', () => {
      it('state goes from PENDING to SUCCESS, and app.result(id) gives the same handle', async () => {
        const res = await app.apply(tasks.add.s(1, 1).set({ countdown: 200 }));
        expect(await res.state()).toBe('PENDING');
        expect(await app.result(res.id).get({ timeout: 10_000 })).toBe(2);
        expect(await res.state()).toBe('SUCCESS');
      });
      it('get() with a timeout rejects with TimeoutError while the workflow goes on', async () => {
        const res = await app.apply(tasks.slow.s(400, 'done'));
        await expect(res.get({ timeout: 50 })).rejects.toBeInstanceOf(TimeoutError);
        expect(await res.get({ timeout: 10_000 })).toBe('done');
      });
      it('a wait cut short by app.close() says the app was closed, not that it timed out', async () => {
        const res = await app.apply(tasks.note.s().set({ countdown: 5_000 }));
        const waiting = res.get().catch((e: unknown) => e);
        await sleep(50);
        await app.close();
        const error = (await waiting) as Error;
        expect(error).not.toBeInstanceOf(TimeoutError);
        expect(error.message).toMatch(/app was closed/);
      });
      it('revoke() cancels what has not run and the workflow ends REVOKED', async () => {
        const res = await app.apply(chain(tasks.note.s().set({ countdown: 300 }), tasks.note.s()));
        await res.revoke();
        await expect(res.get({ timeout: 5_000 })).rejects.toBeInstanceOf(RevokedError);
        await sleep(500);
        expect(count('note')).toBe(0);
        expect(await res.state()).toBe('REVOKED');
      });
    });

    describe('when a rate limit is set', () => {
      it('starts at most that many tasks per second across the app', async () => {
        const at = app.task('limited', () => Date.now(), { rateLimit: '5/s' });
        const started = Date.now();
        const times = (await run(group(Array.from({ length: 10 }, () => at.s())))) as number[];
        // 5 may start at once; the next 5 are spaced 200 ms apart.
        expect(Math.max(...times) - started).toBeGreaterThanOrEqual(900);
      });
    });

    describe('when priorities differ', () => {
      it('runs lower priority numbers first on a busy queue', async () => {
        const order: string[] = [];
        const mark = app.task('mark', (label: string) => (order.push(label), label), { queue: 'prio' });
        const g = group(mark.s('low').set({ priority: 9 }), mark.s('high').set({ priority: 1 }), mark.s('mid').set({ priority: 5 }));
        const res = await app.apply(g);
        await sleep(300);
        const w = app.worker({ concurrency: 1, queues: ['prio'] });
        expect(await res.get({ timeout: 10_000 })).toEqual(['low', 'high', 'mid']);
        expect(order).toEqual(['high', 'mid', 'low']);
        await w.close();
      });
    });
  });
}

function tasksSig(app: App, name: string) {
  return app.signature(name);
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
