import { describe, expect, it } from 'vitest';
import { MemoryBroker, MemoryResultStore } from '../../adapters/memory/index.js';
import { App } from '../../engine/app.js';
import { randomIds } from '../../engine/ports/ids.js';
import { silentLogger } from '../../engine/ports/logger.js';
import { chain, currentTask, signature } from '../../index.js';
import { FakeClock, settle } from '../support/fake-clock.js';

describe('ctx.replace', () => {
  describe('when the replacing task is delivered twice and replaces itself with another canvas the second time', () => {
    it('starts the first replacement only, once, and the workflow ends with its result', async () => {
      const clock = new FakeClock();
      const store = new MemoryResultStore(clock);
      const broker = new MemoryBroker(clock);
      const app = new App({ store, broker, scheduler: broker, rateLimiter: store, clock, ids: randomIds, logger: silentLogger }, { driver: 'memory', close: () => broker.close() });
      const runs: string[] = [];
      let replacements = 0;
      app.task('leaf', (label: string) => (runs.push(label), label));
      app.task('swap', async () => {
        replacements++;
        // A non-deterministic replacement: only the one stored first may run.
        currentTask().replace(signature('leaf', [`replacement ${replacements}`], { immutable: true }));
      });
      app.task('after', (value: string) => `${value}, then after`);
      const res = await app.apply(chain(signature('swap', [], { immutable: true }), signature('after')));
      // The same message again, as a broker does after a lost acknowledgement.
      await broker.enqueue([{ jobId: 'duplicate-delivery', queue: 'default', delay: 0, priority: null, message: { workflowId: res.id, nodeId: 'r.0', attempt: 1 } }]);
      app.worker({ concurrency: 1 });
      expect(await res.get({ timeout: 5_000 })).toBe('replacement 1, then after');
      await settle(20); // let the duplicate's own run finish too
      expect(replacements).toBe(2); // the duplicate ran before the replacement ended, and asked for another
      expect(runs).toEqual(['replacement 1']);
      expect(await app.result(`${res.id}~r.0`).get({ timeout: 1_000 })).toBe('replacement 1');
      await app.close();
    });
  });
});
