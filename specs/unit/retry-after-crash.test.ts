import { describe, expect, it } from 'vitest';
import { MemoryResultStore } from '../../adapters/memory/index.js';
import { systemClock } from '../../engine/ports/clock.js';
import { chain } from '../../index.js';
import { appOnStore } from '../support/app-on-store.js';

describe('retry', () => {
  describe('when the process that retried died between reopening the workflow and sending its tasks', () => {
    it('a second retry sends what the reopened run needs, and the workflow ends as a first retry would have', async () => {
      const store = new MemoryResultStore(systemClock);
      const { app, broker, runs } = appOnStore(store);
      let broken = true;
      app.task('flaky', (x: number) => {
        runs.push(`flaky ${x}`);
        if (broken) throw new Error('flaky is broken');
        return x * 10;
      });
      app.worker({ concurrency: 2 });
      const res = await app.apply(chain(app.signature('add', [1, 2]), app.signature('flaky')));
      await expect(res.get({ timeout: 5_000 })).rejects.toThrow(/broken/);
      broken = false;

      // The store reopens the run, then sending its first task fails as a dying process would.
      const enqueue = broker.enqueue.bind(broker);
      broker.enqueue = () => Promise.reject(new Error('the process died here'));
      await expect(app.retry(res.id)).rejects.toThrow(/died here/);
      expect(await res.state()).toBe('STARTED');
      broker.enqueue = enqueue;

      await app.retry(res.id);
      expect(await res.get({ timeout: 5_000 })).toBe(30);
      expect(runs).toEqual(['add 1 2', 'flaky 3', 'flaky 3']);
      await app.close();
    });
  });
});
