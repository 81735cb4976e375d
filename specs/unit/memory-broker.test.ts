import { describe, expect, it } from 'vitest';
import { MemoryBroker } from '../../adapters/memory/index.js';
import type { EnqueueRequest, TaskMessage } from '../../engine/ports/broker.js';
import { FakeClock, settle } from '../support/fake-clock.js';

const job = (jobId: string): EnqueueRequest => ({ jobId, queue: 'q', delay: 0, priority: null, message: { workflowId: 'w', nodeId: jobId, attempt: 1 } });

describe('the memory broker', () => {
  describe('when a job id is enqueued again', () => {
    it('ignores it while the job is known, and runs it again once the id was forgotten an hour after it finished', async () => {
      const clock = new FakeClock();
      const broker = new MemoryBroker(clock);
      const seen: string[] = [];
      broker.consume({ queues: ['q'], concurrency: 4 }, async (message) => {
        seen.push((message as TaskMessage).nodeId);
      });
      await broker.enqueue([job('x')]);
      await settle();
      await broker.enqueue([job('x')]);
      await settle();
      expect(seen.filter((id) => id === 'x')).toHaveLength(1);

      await clock.advance(2 * 3_600_000);
      // Pruning runs every thousand enqueues, to keep enqueue cheap.
      await broker.enqueue(Array.from({ length: 1000 }, (_, i) => job(`filler-${i}`)));
      await broker.enqueue([job('x')]);
      await settle(50);
      expect(seen.filter((id) => id === 'x')).toHaveLength(2);
      await broker.close();
    });
  });
});
