import { describe, expect, it } from 'vitest';
import { chain, createApp, group, signature } from '../../../index.js';
import { checkRun, checkWorkflow, createTestApp } from '../../../testing/index.js';

describe('createTestApp', () => {
  describe('when given the app of a module built for Redis', () => {
    it('runs that app\'s tasks on the memory driver, opening no connection', async () => {
      // Nothing listens on port 1: any connection attempt would fail the run with UNAVAILABLE.
      const production = createApp({ redis: 'redis://127.0.0.1:1', prefix: 'never-used' });
      production.task('double', (x: number) => 2 * x, { input: { type: 'array', prefixItems: [{ type: 'number' }] } });
      const app = createTestApp({ tasksFrom: production });
      app.task('sum', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
      const run = await app.run(chain(group(signature('double', [1]), signature('double', [2])), signature('sum')));
      expect(run.outcome).toEqual({ status: 'SUCCESS', value: 6 });
      expect(run.handlerRuns).toEqual({ double: 2, sum: 1 });
      expect(checkRun(run)).toEqual([]);
      // The adopted contract still applies.
      expect(app.validateCanvas(signature('double', ['x'], { immutable: true }))).toHaveLength(1);
    });
  });

  describe('when a run crashes before a commit', () => {
    it('reports the fault in words and the handler re-run it caused', async () => {
      const app = createTestApp();
      let effects = 0;
      app.task('effect', () => ++effects);
      const run = await app.run(signature('effect'), { faults: [{ kind: 'crashBeforeCommit', at: 0 }] });
      expect(run.faults).toEqual([{ kind: 'crashBeforeCommit', where: 'crash before the commit of r (effect) (SUCCESS)' }]);
      expect(run.injected.crashBeforeCommit).toBe(1);
      expect(run.reruns).toEqual({ effect: 1 });
      expect(run.outcome).toEqual({ status: 'SUCCESS', value: 2 });
    });
  });

  describe('when ctx.once guards an effect', () => {
    it('re-runs after the store keep the stored result; a crash before it is stored runs the effect again', async () => {
      const app = createTestApp();
      let sent = 0;
      app.task('send', async function () {
        return this.once('email', () => ++sent);
      });
      const afterStore = await app.run(signature('send'), { faults: [{ kind: 'crashBeforeCommit', at: 0 }] });
      expect([afterStore.outcome, sent, afterStore.handlerRuns.send]).toEqual([{ status: 'SUCCESS', value: 1 }, 1, 2]);
      sent = 0;
      const beforeStore = await app.run(signature('send'), { faults: [{ kind: 'crashBeforeOnceStored', at: 0 }] });
      expect(beforeStore.faults.map((f) => f.where)).toEqual(["crash after the function of once('email') of r (send) ran, before its result was stored"]);
      expect([beforeStore.outcome, sent]).toEqual([{ status: 'SUCCESS', value: 2 }, 2]);
    });
  });

  describe('when options are wrong', () => {
    it('says which option, what was expected and what came', () => {
      expect(() => createTestApp({ form: 1 } as never)).toThrow(/Unknown createTestApp option `form`/);
      expect(() => createTestApp({ tasksFrom: {} as never })).toThrow(/Expected `tasksFrom` to be an app made by createApp\(\)/);
      expect(() => createTestApp({ startAt: 'yesterday' })).toThrow(/Expected `startAt` to be a date/);
    });
  });
});

describe('checkWorkflow', () => {
  const app = createTestApp();
  app.task('inc', (x: number) => x + 1);

  it('draws a fresh seed when none is given, and reports it', async () => {
    const [a, b] = [await checkWorkflow(app, signature('inc', [1]), { runs: 2 }), await checkWorkflow(app, signature('inc', [1]), { runs: 2 })];
    expect(a.seed).not.toBe(b.seed);
    expect(a.handlers.inc!.runs).toBeGreaterThanOrEqual(2);
  });

  it('fails a run whose invariant returns false, naming it, with the seed', async () => {
    await expect(checkWorkflow(app, signature('inc', [1]), { runs: 5, seed: 3, invariant: () => false })).rejects.toThrow(
      /\{ seed: 3, path: "[\d:]+" \}[\s\S]*What went wrong:\n {2}- the invariant returned false/,
    );
  });

  it('says what is wrong with its options', async () => {
    await expect(checkWorkflow(app, (n: number) => signature('inc', [n]), { runs: 1 })).rejects.toThrow(/A canvas given as a function needs `args`/);
    await expect(checkWorkflow(app, signature('inc', [1]), { runs: 0 })).rejects.toThrow(/Expected `runs` to be a whole number from 1 up, got `0`/);
    await expect(checkWorkflow(app, signature('inc', [1]), { faults: [] as never })).rejects.toThrow(/Expected `faults` to be a fast-check arbitrary/);
    await expect(checkWorkflow(app, signature('inc', [1]), { concurrency: 0 })).rejects.toThrow(/`concurrency`/);
    await expect(checkWorkflow(app, signature('inc', [1]), { seeds: 1 } as never)).rejects.toThrow(/Unknown checkWorkflow option `seeds`/);
  });
});
