import type { HandlerPool } from '../pool/handler-pool.js';
import type { Consumer } from '../ports/broker.js';
import type { Clock } from '../ports/clock.js';
import type { ResolvedWorkerOptions } from './worker-options.js';

export type { ResolvedWorkerOptions, WorkerOptions } from './worker-options.js';

/** A running worker: it takes tasks from its queues until closed. */
export class Worker {
  #closing: Promise<void> | undefined;
  readonly #published: Promise<void>;

  constructor(
    readonly options: ResolvedWorkerOptions,
    private readonly consumer: Consumer,
    /** Where this worker's handlers run; `terminate` stops one of them. */
    readonly pool: HandlerPool,
    private readonly clock: Clock,
    private readonly log: (message: string) => void,
    private readonly onClose: (worker: Worker) => void,
    /** Its id in the worker registry, in events and in `inspect.workers()`. */
    readonly id: string,
    /** Resolves once the worker has published its tasks to the fleet's task catalog (at once without one). */
    published: Promise<void> = Promise.resolve(),
  ) {
    this.#published = published;
  }

  /**
   * Resolves once the worker's pool is warm (every thread or process has loaded the app module) and producers
   * can see the tasks it registered in the fleet's task catalog.
   */
  async ready(): Promise<void> {
    await Promise.all([this.pool.ready(), this.#published]);
  }

  /**
   * Stops the running attempt of task `taskId` (`<workflowId>:<nodeId>`) on this worker: its signal is aborted
   * now; in a thread or process pool its child is killed after `graceMs` (default `terminateGraceMs`) if the
   * handler is still running. Returns false when that task does not run here.
   * @example
   * worker.terminate(`${res.id}:n1`, 1000);
   */
  terminate(taskId: string, graceMs?: number): boolean {
    return this.pool.terminate(taskId, graceMs);
  }

  /**
   * Stops taking tasks and waits for the running ones to finish, for at most `shutdownTimeoutMs`: then their
   * signals are aborted, their children killed, and their jobs left for another worker.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const drained = this.consumer.close();
    const limit = this.options.shutdownTimeoutMs;
    if (Number.isFinite(limit)) {
      let cancel = () => {};
      const late = await Promise.race([drained.then(() => false), new Promise<boolean>((resolve) => (cancel = this.clock.setTimer(limit, () => resolve(true))))]);
      cancel();
      if (late) {
        const running = this.pool.running();
        this.log(`Shutdown timeout (${limit} ms) passed with ${running.length} task${running.length === 1 ? '' : 's'} still running (${running.join(', ')}): aborting them; their jobs are left for another worker`);
        this.pool.abandon();
      }
    }
    await drained;
    await this.pool.close();
    this.onClose(this);
  }
}
