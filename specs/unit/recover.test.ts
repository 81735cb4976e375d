import { describe, expect, it } from 'vitest';
import { MemoryResultStore } from '../../adapters/memory/index.js';
import { chain, chord } from '../../index.js';
import { appOnStore as appOn } from '../support/app-on-store.js';
import { FakeClock, settle } from '../support/fake-clock.js';

describe('recover', () => {
  describe('when the broker lost every message mid-workflow', () => {
    it('re-drives the workflow from the store to its correct end, and a second recover changes nothing', async () => {
      const clock = new FakeClock();
      const store = new MemoryResultStore(clock);
      const before = appOn(store, 'gate', clock);
      before.app.worker({ concurrency: 4 });
      const canvas = chain(before.app.signature('add', [1, 1]), chord([before.app.signature('add', [10]), before.app.signature('gate')], before.app.signature('sum')), before.app.signature('add', [100]));
      const res = await before.app.apply(canvas);
      for (let rounds = 0; rounds < 100 && !before.runs.includes('gate 2'); rounds++) await settle(5);
      expect(before.runs).toContain('gate 2');
      // The old broker (and the worker stuck in `gate`) are gone for good; only the store is left.

      const after = appOn(store, undefined, clock);
      expect(await after.app.recover()).toEqual({ workflows: 1 });
      expect(await after.app.recover()).toEqual({ workflows: 1 }); // still unfinished: nothing ran yet
      after.app.worker({ concurrency: 4 });
      expect(await res.get({ timeout: 5_000 })).toBe(114);
      expect(after.runs.filter((r) => r.startsWith('add 1 1'))).toEqual([]); // steps that had ended did not run again
      expect(after.runs.filter((r) => r === 'sum')).toHaveLength(1);
      expect(await after.app.recover()).toEqual({ workflows: 0 });
      const nodes = await res.nodes();
      expect(nodes.filter((n) => n.kind === 'task').every((n) => n.state === 'SUCCESS')).toBe(true);
    });
  });

  describe('when the store cannot outlive the broker', () => {
    it('says recover needs a durable store', async () => {
      // A store without listUnfinished/readOutcomes, as the Redis store is; no connection is opened.
      const volatile = Object.assign(new MemoryResultStore(new FakeClock()), { listUnfinished: undefined, readOutcomes: undefined });
      const { app } = appOn(volatile);
      await expect(app.recover()).rejects.toThrow(/PostgreSQL/);
      await app.close();
    });
  });
});
