import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Broker, EnqueueRequest } from '../../engine/ports/broker.js';
import type { Scheduler } from '../../engine/ports/scheduler.js';
import type { QueueInspector } from '../../engine/ports/queue-inspector.js';

export interface QueueInspectorFixture {
  readonly broker: Broker;
  readonly scheduler: Scheduler;
  readonly inspector: QueueInspector;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function job(queue: string, nodeId: string, delay = 0): EnqueueRequest {
  return { jobId: `job-${randomUUID()}`, queue, delay, priority: null, message: { workflowId: 'wf-1', nodeId, attempt: 1 } };
}

async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
    await sleep(25);
    last = await read();
  }
  expect(last).toEqual(expected);
}

/** The promises every QueueInspector makes (engine/ports/queue-inspector.ts), run against one adapter with its broker. */
export function queueInspectorContract(name: string, make: () => Promise<QueueInspectorFixture>): void {
  describe(`QueueInspector contract (${name})`, () => {
    let fixture: QueueInspectorFixture;
    beforeEach(async () => {
      fixture = await make();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('when jobs wait, are delayed and run', () => {
      it('counts them per queue as the broker does', async () => {
        const { broker, inspector } = fixture;
        await broker.enqueue([job('alpha', 'a'), job('alpha', 'b'), job('alpha', 'c', 60_000), job('beta', 'd')]);
        expect(await inspector.queues(['alpha', 'beta', 'empty'])).toEqual([
          { name: 'alpha', waiting: 2, active: 0, delayed: 1, paused: false },
          { name: 'beta', waiting: 1, active: 0, delayed: 0, paused: false },
          { name: 'empty', waiting: 0, active: 0, delayed: 0, paused: false },
        ]);
        let release: () => void = () => undefined;
        const held = new Promise<void>((resolve) => (release = resolve));
        const consumer = broker.consume({ queues: ['beta'], concurrency: 1 }, () => held);
        await eventually(async () => (await inspector.queues(['beta']))[0], { name: 'beta', waiting: 0, active: 1, delayed: 0, paused: false });
        release();
        await consumer.close();
      });

      it('says a queue is paused while it is, as the broker holds it', async () => {
        const { broker, inspector } = fixture;
        await broker.enqueue([job('gamma', 'g')]);
        await broker.pause('gamma');
        expect(await inspector.queues(['gamma', 'alpha'])).toEqual([
          { name: 'gamma', waiting: 1, active: 0, delayed: 0, paused: true },
          { name: 'alpha', waiting: 0, active: 0, delayed: 0, paused: false },
        ]);
        await broker.resume('gamma');
        expect((await inspector.queues(['gamma']))[0]?.paused).toBe(false);
      });

      it('lists delayed tasks with when they may start, soonest first', async () => {
        const before = Date.now();
        await fixture.broker.enqueue([job('alpha', 'late', 120_000), job('alpha', 'soon', 60_000), job('alpha', 'now')]);
        const delayed = await fixture.inspector.delayed(['alpha'], 10);
        expect(delayed.map((d) => [d.workflowId, d.nodeId])).toEqual([
          ['wf-1', 'soon'],
          ['wf-1', 'late'],
        ]);
        expect(delayed[0]!.runAt).toBeGreaterThanOrEqual(before + 60_000);
        expect(delayed[0]!.runAt).toBeLessThan(Date.now() + 60_000 + 1000);
      });
    });

    describe('when schedules exist', () => {
      it('lists each with its spec and queue until removed', async () => {
        await fixture.scheduler.upsertSchedule('nightly', { cron: '0 3 * * *', tz: 'Europe/Paris' }, 'alpha', { task: 'report' });
        await fixture.scheduler.upsertSchedule('often', { every: 60_000 }, 'alpha', { task: 'tick' });
        const listed = await fixture.inspector.schedules(['alpha']);
        expect(listed.map(({ next: _next, ...rest }) => rest)).toEqual([
          { id: 'nightly', queue: 'alpha', cron: '0 3 * * *', tz: 'Europe/Paris' },
          { id: 'often', queue: 'alpha', every: 60_000 },
        ]);
        expect(listed.every((s) => typeof s.next === 'number' && s.next > Date.now() - 1000)).toBe(true);
        // A schedule's next firing is not a delayed task.
        expect(await fixture.inspector.delayed(['alpha'], 10)).toEqual([]);
        await fixture.scheduler.removeSchedule('often', 'alpha');
        expect((await fixture.inspector.schedules(['alpha'])).map((s) => s.id)).toEqual(['nightly']);
      });
    });
  });
}
