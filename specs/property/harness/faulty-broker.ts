import type { Broker, ConsumeOptions, Consumer, Delivery, EnqueueRequest, TaskMessage } from '../../../engine/ports/index.js';
import type { Clock } from '../../../engine/ports/clock.js';
import { SimulatedCrash, type FaultInjector } from './faults.js';
import type { Interleaver } from './faulty-store.js';

/**
 * Wraps a broker: enqueues wait for their turn and may crash before or after; a delivery may be handed to a
 * second worker at the same time (lock expiry), delivered again after it finished (lost acknowledgement), or
 * held back on the (fake) clock while later jobs go ahead.
 */
export class FaultyBroker implements Broker {
  deliveries = 0;

  constructor(
    private readonly inner: Broker,
    private readonly faults: FaultInjector,
    private readonly interleaver: Interleaver,
    private readonly clock: Clock,
  ) {}

  async enqueue(jobs: readonly EnqueueRequest[]): Promise<void> {
    const label = `enqueue ${jobs.map((j) => j.jobId).join(',')}`;
    await this.interleaver.schedule(Promise.resolve(label), label);
    const fault = this.faults.next(['crash-before', 'crash-after']);
    if (fault === 'crash-before') throw new SimulatedCrash(`before ${label}`);
    await this.inner.enqueue(jobs);
    if (fault === 'crash-after') throw new SimulatedCrash(`after ${label}`);
  }

  cancelWorkflow(workflowId: string): Promise<void> {
    return this.inner.cancelWorkflow(workflowId);
  }

  purge(queue: string): Promise<TaskMessage[]> {
    return this.inner.purge(queue);
  }

  pause(queue: string): Promise<void> {
    return this.inner.pause(queue);
  }

  resume(queue: string): Promise<void> {
    return this.inner.resume(queue);
  }

  isPaused(queue: string): Promise<boolean> {
    return this.inner.isPaused(queue);
  }

  setQueueRateLimit(queue: string, limit: { readonly max: number; readonly perMs: number } | null): Promise<void> {
    return this.inner.setQueueRateLimit(queue, limit);
  }

  consume(options: ConsumeOptions, handler: (delivery: Delivery, signal: AbortSignal) => Promise<void>): Consumer {
    return this.inner.consume(options, async (message, signal) => {
      this.deliveries++;
      const fault = this.faults.next(['duplicate', 'redeliver', 'delay']);
      if (fault === 'delay') await new Promise<void>((resolve) => this.clock.setTimer(250, resolve));
      if (fault === 'duplicate') {
        this.deliveries++;
        // The twin's own crash does not matter: the original delivery decides whether the job comes back.
        void handler(structuredClone(message), signal).catch(() => undefined);
      }
      await handler(message, signal);
      if (fault === 'redeliver') throw new SimulatedCrash('after the handler, before the acknowledgement');
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
