import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Broker, Delivery, EnqueueRequest, TaskMessage } from '../../engine/ports/broker.js';

export interface BrokerFixture {
  readonly broker: Broker;
  /** Closes the broker and removes whatever it wrote. */
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function request(queue: string, nodeId: string, options: Partial<Pick<EnqueueRequest, 'jobId' | 'delay' | 'priority'>> = {}): EnqueueRequest {
  return { jobId: `job-${randomUUID()}`, queue, delay: 0, priority: null, ...options, message: { workflowId: 'wf-1', nodeId, attempt: 1, input: { n: nodeId } } };
}

/** Collects delivered messages; `until` resolves once `count` have arrived or fails after `timeoutMs`. */
class Inbox {
  readonly messages: Delivery[] = [];
  readonly handler = async (message: Delivery) => {
    this.messages.push(message);
  };

  async until(count: number, timeoutMs = 3000): Promise<Delivery[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline) throw new Error(`Expected ${count} messages within ${timeoutMs} ms, got ${this.messages.length}`);
      await sleep(10);
    }
    return this.messages;
  }

  nodeIds(): string[] {
    return this.messages.map((m) => (m as TaskMessage).nodeId).sort();
  }
}

/** The promises every Broker makes (engine/ports/broker.ts), run against one adapter. */
export function brokerContract(name: string, make: () => Promise<BrokerFixture>): void {
  describe(`Broker contract (${name})`, () => {
    let fixture: BrokerFixture;
    let broker: Broker;
    let inbox: Inbox;

    beforeEach(async () => {
      fixture = await make();
      broker = fixture.broker;
      inbox = new Inbox();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('when messages go to two queues and only one is consumed', () => {
      it("delivers that queue's messages only", async () => {
        broker.consume({ queues: ['alpha'], concurrency: 2 }, inbox.handler);
        await broker.enqueue([request('alpha', 'a'), request('beta', 'b')]);
        await inbox.until(1);
        await sleep(200);
        expect(inbox.nodeIds()).toEqual(['a']);
        expect(inbox.messages[0]).toEqual(request('alpha', 'a').message);
      });
    });

    describe('when one batch spans several queues', () => {
      it('delivers every message once', async () => {
        broker.consume({ queues: ['alpha', 'beta'], concurrency: 4 }, inbox.handler);
        await broker.enqueue([request('alpha', 'a1'), request('alpha', 'a2', { priority: 3 }), request('beta', 'b1'), request('alpha', 'a3')]);
        await inbox.until(4);
        await sleep(100);
        expect(inbox.nodeIds()).toEqual(['a1', 'a2', 'a3', 'b1']);
      });
    });

    describe('when one batch holds more jobs than an adapter adds at once (a chord of thousands)', () => {
      it('delivers every message once', async () => {
        broker.consume({ queues: ['alpha'], concurrency: 50 }, inbox.handler);
        const ids = Array.from({ length: 2500 }, (_, i) => `m${String(i).padStart(4, '0')}`);
        await broker.enqueue(ids.map((id) => request('alpha', id)));
        await inbox.until(ids.length, 20_000);
        await sleep(100);
        expect(inbox.nodeIds()).toEqual(ids);
      });
    });

    describe('when a job has a delay', () => {
      it('is not delivered before the delay', async () => {
        broker.consume({ queues: ['alpha'], concurrency: 1 }, inbox.handler);
        const started = Date.now();
        await broker.enqueue([request('alpha', 'later', { delay: 300 })]);
        await sleep(150);
        expect(inbox.messages).toEqual([]);
        await inbox.until(1);
        expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      });
    });

    describe('when the same job id is enqueued twice', () => {
      it('delivers it once', async () => {
        const job = request('alpha', 'once');
        await broker.enqueue([job]);
        await broker.enqueue([job, request('alpha', 'other')]);
        broker.consume({ queues: ['alpha'], concurrency: 2 }, inbox.handler);
        await inbox.until(2);
        await sleep(200);
        expect(inbox.nodeIds()).toEqual(['once', 'other']);
      });
    });

    describe('when a handler throws', () => {
      it('delivers the message again', async () => {
        let calls = 0;
        broker.consume({ queues: ['alpha'], concurrency: 1 }, async (message) => {
          calls += 1;
          if (calls === 1) throw new Error('store unreachable');
          await inbox.handler(message);
        });
        const job = request('alpha', 'again');
        await broker.enqueue([job]);
        expect(await inbox.until(1)).toEqual([job.message]);
        expect(calls).toBe(2);
      });
    });

    describe('when a handler resolves with a FAILURE end', () => {
      it('acknowledges the message: it is not delivered again', async () => {
        let calls = 0;
        broker.consume({ queues: ['alpha'], concurrency: 1 }, async () => {
          calls += 1;
          return { state: 'FAILURE', task: 'charge', error: { type: 'TypeError', message: 'card declined' } };
        });
        await broker.enqueue([request('alpha', 'failed')]);
        for (let i = 0; calls === 0 && i < 300; i++) await sleep(10);
        await sleep(500);
        expect(calls).toBe(1);
      });
    });

    describe('when a consumer is closed', () => {
      it('takes no more messages, and they wait for the next consumer', async () => {
        const first = broker.consume({ queues: ['alpha'], concurrency: 1 }, inbox.handler);
        await first.close();
        await broker.enqueue([request('alpha', 'queued')]);
        await sleep(300);
        expect(inbox.messages).toEqual([]);
        const next = new Inbox();
        broker.consume({ queues: ['alpha'], concurrency: 1 }, next.handler);
        await next.until(1);
        expect(next.nodeIds()).toEqual(['queued']);
      });

      it('waits for the running handler to finish', async () => {
        let finished = false;
        let running = false;
        const consumer = broker.consume({ queues: ['alpha'], concurrency: 1 }, async () => {
          running = true;
          await sleep(200);
          finished = true;
        });
        await broker.enqueue([request('alpha', 'slow')]);
        while (!running) await sleep(5);
        await consumer.close();
        expect(finished).toBe(true);
      });
    });
  });
}
