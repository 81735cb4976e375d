import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { chain, createApp, currentTask, type App } from '../../index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';

const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('schedules on Redis (BullMQ job schedulers)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function app(): { app: App; runs: string[] } {
    const prefix = `test-${randomUUID()}`;
    const a = createApp({ redis, prefix });
    cleanups.push(() => a.close().then(() => deleteKeys(prefix)));
    const runs: string[] = [];
    a.task('add', (x: number, y: number) => x + y);
    a.task('record', (value: number) => (runs.push(currentTask().workflowId), value));
    return { app: a, runs };
  }

  describe('when a canvas is scheduled every 300 ms', () => {
    it('a worker starts a workflow per firing, each readable by its id, until it is unscheduled', async () => {
      const { app: a, runs } = app();
      a.worker({ concurrency: 4 });
      await a.schedule('tick', { every: 300 }, chain(a.signature('add', [20, 22]), a.signature('record')));
      const deadline = Date.now() + 10_000;
      while (runs.length < 3 && Date.now() < deadline) await sleep(50);
      expect(runs.length).toBeGreaterThanOrEqual(3);
      expect(new Set(runs).size).toBe(runs.length); // one workflow per firing
      for (const id of runs) {
        expect(id).toMatch(/^tick\.\d{13}$/);
        expect(await a.result(id).get({ timeout: 5_000 })).toBe(42);
      }
      expect(await a.unschedule('tick')).toBe(true);
      await sleep(400); // a firing already on its way may still land
      const settled = runs.length;
      await sleep(1_000);
      expect(runs.length).toBe(settled);
    });
  });
});
