import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CeleriacEvent, EventStream, EventSubscription } from '../../engine/ports/events.js';

export interface EventStreamFixture {
  /** Two handles on one stream, as two processes sharing a broker would have (the same object on the memory driver). */
  readonly publisher: EventStream;
  readonly reader: EventStream;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes `count` events from a reading, or fails after `timeoutMs`. */
async function take(subscription: EventSubscription, count: number, timeoutMs = 3000): Promise<CeleriacEvent[]> {
  const got: CeleriacEvent[] = [];
  if (count === 0) return got;
  const iterator = subscription[Symbol.asyncIterator]();
  const deadline = sleep(timeoutMs).then(() => 'timeout' as const);
  while (got.length < count) {
    const next = await Promise.race([iterator.next(), deadline]);
    if (next === 'timeout') throw new Error(`Expected ${count} events within ${timeoutMs} ms, got ${got.length}: ${JSON.stringify(got)}`);
    if (next.done) break;
    got.push(next.value);
  }
  return got;
}

const failed: CeleriacEvent = {
  type: 'task-failed',
  at: 1_764_000_000_000,
  workflowId: 'wf-1',
  nodeId: 'r.1',
  parentId: 'r',
  taskName: 'charge',
  attempt: 3,
  workerId: 'w-1',
  hostname: 'host-a',
  pid: 4242,
  runtimeMs: 12.5,
  error: { type: 'TypeError', message: 'card declined\nsecond line', stack: 'TypeError: card declined\n    at charge (tasks.ts:1:1)' },
};

/** The promises every EventStream makes (engine/ports/events.ts), run against one adapter. */
export function eventStreamContract(name: string, make: () => Promise<EventStreamFixture>): void {
  describe(`EventStream contract (${name})`, () => {
    let fixture: EventStreamFixture;
    beforeEach(async () => {
      fixture = await make();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('when events are published after a reading is ready', () => {
      it('delivers each of them, with every field intact, in the order published', async () => {
        const reading = fixture.reader.read();
        await reading.ready;
        const events: CeleriacEvent[] = [failed, ...Array.from({ length: 20 }, (_, i) => ({ type: 'task-sent' as const, at: i, workflowId: 'wf-1', nodeId: `r.${i}` }))];
        await fixture.publisher.publish([events[0]!]);
        await fixture.publisher.publish(events.slice(1, 11));
        await fixture.publisher.publish(events.slice(11));
        expect(await take(reading, events.length)).toEqual(events);
      });

      it('delivers them to every reading', async () => {
        const [one, two] = [fixture.reader.read(), fixture.reader.read()];
        await Promise.all([one.ready, two.ready]);
        await fixture.publisher.publish([failed]);
        expect(await take(one, 1)).toEqual([failed]);
        expect(await take(two, 1)).toEqual([failed]);
      });
    });

    describe('when events were published before the reading began', () => {
      it('does not deliver them', async () => {
        await fixture.publisher.publish([{ type: 'worker-online', at: 1, workerId: 'old' }]);
        const reading = fixture.reader.read();
        await reading.ready;
        await fixture.publisher.publish([{ type: 'worker-online', at: 2, workerId: 'new' }]);
        expect((await take(reading, 1)).map((e) => e.workerId)).toEqual(['new']);
      });
    });

    describe('when a reading asks for some types of one workflow', () => {
      it('delivers only those', async () => {
        const reading = fixture.reader.read({ types: ['task-failed', 'workflow-failed'], workflowId: 'wf-2' });
        await reading.ready;
        await fixture.publisher.publish([
          { type: 'task-failed', at: 1, workflowId: 'wf-1' },
          { type: 'task-started', at: 2, workflowId: 'wf-2' },
          { type: 'task-failed', at: 3, workflowId: 'wf-2' },
          { type: 'worker-heartbeat', at: 4 },
          { type: 'workflow-failed', at: 5, workflowId: 'wf-2' },
        ]);
        expect((await take(reading, 2)).map((e) => e.at)).toEqual([3, 5]);
      });
    });

    describe('when the signal aborts', () => {
      it('ends the iteration of a reader waiting for the next event', async () => {
        const abort = new AbortController();
        const reading = fixture.reader.read({ signal: abort.signal });
        await reading.ready;
        const seen: CeleriacEvent[] = [];
        const loop = (async () => {
          for await (const event of reading) seen.push(event);
        })();
        await fixture.publisher.publish([failed]);
        await sleep(100);
        abort.abort();
        await expect(Promise.race([loop.then(() => 'ended'), sleep(2000).then(() => 'still waiting')])).resolves.toBe('ended');
        expect(seen).toEqual([failed]);
      });

      it('delivers nothing to a reading whose signal had already aborted', async () => {
        const abort = new AbortController();
        abort.abort();
        const reading = fixture.reader.read({ signal: abort.signal });
        await reading.ready;
        await fixture.publisher.publish([failed]);
        expect(await take(reading, 1, 500)).toEqual([]);
      });
    });

    describe('when the reader breaks out of its loop', () => {
      it('stops the reading, and later events go only to the others', async () => {
        const [quitter, stayer] = [fixture.reader.read(), fixture.reader.read()];
        await Promise.all([quitter.ready, stayer.ready]);
        await fixture.publisher.publish([failed]);
        for await (const _ of quitter) break;
        await fixture.publisher.publish([{ ...failed, at: 2 }]);
        expect((await take(stayer, 2)).map((e) => e.at)).toEqual([failed.at, 2]);
        expect(await quitter[Symbol.asyncIterator]().next()).toEqual({ value: undefined, done: true });
      });
    });
  });
}
