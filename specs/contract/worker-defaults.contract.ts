import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chain, silentLogger, type App, type Logger } from '../../index.js';

export interface TwoAppsFixture {
  /** A producer that registers no task, and a function making worker apps; all share one broker and store. */
  readonly producer: App;
  worker(): App;
  /** What the producer warned about. */
  readonly warnings: string[];
  cleanup(): Promise<void>;
}

/**
 * A fixture of apps made by `createApp`-like `make(logger)` on one shared broker and store: a producer whose
 * warnings are kept, workers that log nothing, and a cleanup that closes them all, then `removeKeys`.
 */
export function twoAppsOf(make: (logger: Logger) => App, removeKeys: () => Promise<void>): TwoAppsFixture {
  const apps: App[] = [];
  const warnings: string[] = [];
  const producerLogger: Logger = { ...silentLogger, warn: (fields: unknown, message?: string) => void warnings.push(typeof fields === 'string' ? fields : (message ?? '')), child: () => producerLogger };
  const made = (logger: Logger) => {
    const app = make(logger);
    apps.push(app);
    return app;
  };
  return {
    producer: made(producerLogger),
    worker: () => made(silentLogger),
    warnings,
    cleanup: async () => {
      await Promise.all(apps.map((app) => app.close()));
      await removeKeys();
    },
  };
}

/** A producer applying a task by a name it never registered uses the options workers registered. */
export function workerDefaultsContract(driver: string, make: () => Promise<TwoAppsFixture>): void {
  describe(`worker-side task defaults on the ${driver} driver`, () => {
    let fixture: TwoAppsFixture;
    let producer: App;
    let attempts: number;

    /** A worker app whose `flaky` task fails on its first two attempts, registered with `options`. */
    async function workerWith(options: Parameters<App['task']>[2], queues = ['default', 'io']) {
      const app = fixture.worker();
      app.task('flaky', function () {
        attempts++;
        if (this.attempt < 3) throw new Error(`attempt ${this.attempt}`);
        return this.attempt;
      }, options);
      const w = app.worker({ queues });
      await w.ready();
      return { app, w };
    }

    beforeEach(async () => {
      attempts = 0;
      fixture = await make();
      producer = fixture.producer;
    });
    afterEach(() => fixture.cleanup());

    it('plans the task with the retries, queue and timeout the worker registered', async () => {
      // The worker consumes 'io' only: the task reaches it only if the producer took the registered queue.
      await workerWith({ retries: 2, queue: 'io', timeout: 5_000, retryOn: ['Error'] }, ['io']);
      const res = await producer.apply(producer.signature('flaky'));
      expect(await res.get({ timeout: 10_000 })).toBe(3);
      expect(attempts).toBe(3);
    });

    it('lets the signature, then an enclosing canvas, win over the registration', async () => {
      await workerWith({ retries: 2, queue: 'io' });
      const bySignature = await producer.apply(producer.signature('flaky', [], { retries: 0 }));
      await expect(bySignature.get({ timeout: 10_000 })).rejects.toThrow(/attempt 1/);
      const byCanvas = await producer.apply(chain(producer.signature('flaky')).set({ retries: 0 }));
      await expect(byCanvas.get({ timeout: 10_000 })).rejects.toThrow(/attempt 1/);
    });

    it('uses the newest registration when two workers disagree, and warns once naming both', async () => {
      await workerWith({ retries: 0 });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await workerWith({ retries: 2 });
      expect(await (await producer.apply(producer.signature('flaky'))).get({ timeout: 10_000 })).toBe(3);
      const warned = fixture.warnings.filter((w) => w.includes("Task 'flaky' is registered with different options"));
      expect(warned).toHaveLength(1);
      expect(warned[0]).toMatch(/"retries":0.*"retries":2/);
    });

    it('falls back to the built-in defaults once the worker closed', async () => {
      const { w } = await workerWith({ retries: 2 });
      await w.close();
      const res = await producer.apply(producer.signature('flaky'));
      const plan = await producer.result(res.id).nodes();
      expect(plan).toHaveLength(1);
      await workerWith({});
      await expect(res.get({ timeout: 10_000 })).rejects.toThrow(/attempt 1/);
    });
  });
}
