import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Broker, Delivery, TriggerMessage } from '../../engine/ports/broker.js';
import { isTrigger } from '../../engine/ports/broker.js';
import type { Scheduler } from '../../engine/ports/scheduler.js';

export interface SchedulerFixture {
  readonly scheduler: Scheduler;
  /** The queue whose consumers receive the triggers. */
  readonly broker: Broker;
  /** Closes both and removes whatever they wrote. */
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The promises every Scheduler makes (engine/ports/scheduler.ts), run against one adapter, on real time. */
export function schedulerContract(name: string, make: () => Promise<SchedulerFixture>): void {
  describe(`Scheduler contract (${name})`, () => {
    let fixture: SchedulerFixture;
    beforeEach(async () => {
      fixture = await make();
    });
    afterEach(() => fixture.cleanup());

    async function triggersWithin(queue: string, count: number, timeoutMs: number): Promise<TriggerMessage[]> {
      const seen: TriggerMessage[] = [];
      const consumer = fixture.broker.consume({ queues: [queue], concurrency: 4 }, async (delivery: Delivery) => {
        if (isTrigger(delivery)) seen.push(delivery);
      });
      const deadline = Date.now() + timeoutMs;
      while (seen.length < count && Date.now() < deadline) await sleep(20);
      await consumer.close();
      return seen;
    }

    describe('when a schedule fires every 150 ms', () => {
      it('delivers triggers carrying its id and document, one per firing time', async () => {
        const queue = `q-${randomUUID()}`;
        await fixture.scheduler.upsertSchedule('tick', { every: 150 }, queue, { task: 'add' });
        const triggers = await triggersWithin(queue, 2, 5000);
        expect(triggers.length).toBeGreaterThanOrEqual(2);
        expect(triggers.every((t) => t.schedule === 'tick' && JSON.stringify(t.document) === '{"task":"add"}')).toBe(true);
        expect(new Set(triggers.map((t) => t.firedAt)).size).toBe(triggers.length);
        expect(await fixture.scheduler.removeSchedule('tick', queue)).toBe(true);
      });
    });

    describe('when a schedule is removed', () => {
      it('says whether it existed', async () => {
        const queue = `q-${randomUUID()}`;
        expect(await fixture.scheduler.removeSchedule('never', queue)).toBe(false);
        await fixture.scheduler.upsertSchedule('once', { every: 60_000 }, queue, null);
        expect(await fixture.scheduler.removeSchedule('once', queue)).toBe(true);
        expect(await fixture.scheduler.removeSchedule('once', queue)).toBe(false);
      });
    });
  });
}
