import type { Consumer } from '../ports/broker.js';

export interface WorkerOptions {
  /** Tasks run at once, per queue. @default 4 */
  readonly concurrency?: number;
  /** Queues to take tasks from. @default ['default'] */
  readonly queues?: readonly string[];
}

export interface ResolvedWorkerOptions {
  readonly concurrency: number;
  readonly queues: readonly string[];
}

/** A running worker: it takes tasks from its queues until closed. */
export class Worker {
  /** Resolves once the worker has published its tasks to the fleet's task catalog (at once without one). */
  readonly ready: Promise<void>;

  constructor(
    readonly options: ResolvedWorkerOptions,
    private readonly consumer: Consumer,
    private readonly onClose: (worker: Worker) => void,
    ready: Promise<void> = Promise.resolve(),
  ) {
    this.ready = ready;
  }

  /** Stops taking tasks and waits for the running ones to finish. */
  async close(): Promise<void> {
    await this.consumer.close();
    this.onClose(this);
  }
}
