import { isTrigger, type Broker, type ConsumeOptions, type Consumer, type Delivery, type DeliveryEnd, type DeliveryHandler, type EnqueueRequest, type TaskMessage } from '../engine/ports/broker.js';
import type { Clock } from '../engine/ports/clock.js';
import { isQueueInspector, type DelayedTask, type QueueInfo, type QueueInspector, type ScheduleInfo } from '../engine/ports/queue-inspector.js';
import { delayMs } from './fault-kinds.js';
import { assertAlive, crashHere, inDelivery, inRedelivery } from './crash-scope.js';
import type { FaultInjector } from './fault-injector.js';
import type { Interleaver, NodeLabel } from './faulty-store.js';

/**
 * Wraps a broker: enqueues wait for their turn and may be followed by a crash; a delivery may be held back on
 * the (fake) clock while later jobs go ahead, handed to a second worker at the same time (lock expiry),
 * delivered again after it finished (a duplicate), or lose its acknowledgement (delivered again by the broker).
 */
export class FaultyBroker implements Broker, QueueInspector {
  deliveries = 0;
  /** Duplicates still running: the simulation is not over until they are done. */
  readonly #twins = new Set<Promise<void>>();
  /** The jobs delivered so far: a job seen again is a redelivery. */
  readonly #delivered = new Set<string>();

  constructor(
    private readonly inner: Broker,
    private readonly faults: FaultInjector,
    private readonly interleaver: Interleaver,
    private readonly clock: Clock,
    private readonly label: NodeLabel,
  ) {}

  async enqueue(jobs: readonly EnqueueRequest[]): Promise<void> {
    const what = `sending ${jobs.map((j) => `${this.label(j.message.workflowId, j.message.nodeId)}#${j.message.attempt}`).join(', ')}`;
    await this.interleaver.schedule(Promise.resolve(what), what);
    assertAlive();
    const crash = this.faults.next('advance', ['crashWhileAdvancing'], inRedelivery()).has('crashWhileAdvancing');
    await this.inner.enqueue(jobs);
    if (crash) {
      this.faults.record('crashWhileAdvancing', `crash after ${what}, while advancing`, inRedelivery());
      crashHere(`after ${what}`);
    }
  }

  // Steering calls are a producer's, not a worker's: they are not places where a worker dies.
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

  consume(options: ConsumeOptions, handler: DeliveryHandler): Consumer {
    return this.inner.consume(options, (message, signal) => {
      const key = isTrigger(message) ? undefined : `${message.workflowId}/${message.nodeId}#${message.attempt}.${message.postponed ?? 0}.${message.run ?? 1}`;
      const again = key !== undefined && this.#delivered.has(key);
      if (key !== undefined) this.#delivered.add(key);
      return inDelivery(() => this.deliver(handler, message, signal, again ? 'again' : 'first'), again);
    });
  }

  /**
   * One delivery with its faults: the broker's own (`first` or `again`, counted among the places the plan
   * foresees) or a second copy a fault made (`copy`, a redelivered place only, whose lost acknowledgement
   * would change nothing: the broker's own delivery decides whether the job comes back).
   */
  private async deliver(handler: DeliveryHandler, message: Delivery, signal: AbortSignal, which: 'first' | 'again' | 'copy'): Promise<DeliveryEnd | void> {
    this.deliveries++;
    const what = isTrigger(message) ? `the firing of schedule ${message.schedule}` : `${this.label(message.workflowId, message.nodeId)} attempt ${message.attempt}${which === 'copy' ? ' (a second copy)' : ''}`;
    const redelivered = which !== 'first';
    const faults = which === 'copy' ? this.faults.next('delivery', ['delay', 'lockExpiry', 'duplicate'], true, false) : this.faults.next('delivery', ['delay', 'lockExpiry', 'duplicate', 'crashBeforeAck'], redelivered);
    if (faults.has('delay')) {
      this.faults.record('delay', `delivery of ${what} held back ${delayMs} ms`, redelivered);
      await new Promise<void>((resolve) => this.clock.setTimer(delayMs, resolve));
    }
    if (faults.has('lockExpiry')) {
      this.faults.record('lockExpiry', `lock expiry: ${what} delivered to a second worker while the first still ran`, redelivered);
      // The twin's own crash does not matter: the original delivery decides whether the job comes back.
      this.twin(handler, message, signal);
    }
    const end = await handler(message, signal);
    if (faults.has('duplicate')) {
      this.faults.record('duplicate', `duplicate delivery of ${what} after the first finished`, redelivered);
      this.twin(handler, message, signal);
    }
    if (faults.has('crashBeforeAck')) {
      this.faults.record('crashBeforeAck', `crash after ${what} was handled, before its acknowledgement`, redelivered);
      crashHere('after the handler, before the acknowledgement');
    }
    return end;
  }

  /** Runs another copy of a delivery alongside the broker's own: a redelivered delivery, with faults of its own. */
  private twin(handler: DeliveryHandler, message: Delivery, signal: AbortSignal): void {
    const running: Promise<void> = inDelivery(() => this.deliver(handler, structuredClone(message), signal, 'copy'), true)
      .then(() => undefined, () => undefined)
      .finally(() => this.#twins.delete(running));
    this.#twins.add(running);
  }

  // Inspecting the queues (`app.inspect`) is not a worker's call: it passes to the wrapped broker, no faults.
  queues(names: readonly string[]): Promise<QueueInfo[]> {
    return this.#inspector().queues(names);
  }

  delayed(names: readonly string[], limit: number): Promise<DelayedTask[]> {
    return this.#inspector().delayed(names, limit);
  }

  schedules(names: readonly string[]): Promise<ScheduleInfo[]> {
    return this.#inspector().schedules(names);
  }

  #inspector(): QueueInspector {
    if (!isQueueInspector(this.inner)) throw new Error('The broker this test app was given cannot be inspected (it has no queues, delayed and schedules methods)');
    return this.inner;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#twins]);
    return this.inner.close();
  }
}
