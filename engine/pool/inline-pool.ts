import type { Clock } from '../ports/clock.js';
import type { TaskRegistry } from '../registry.js';
import { workerCrashed } from '../errors/worker-crashed.js';
import { describeThrown } from '../runtime/describe-thrown.js';
import { onceFor } from '../runtime/once.js';
import { runHandler, type AttemptResult } from '../runtime/run-handler.js';
import { crashText, guardCrashes, type CrashKind } from './crash-guard.js';
import { PoolAbandoned, type HandlerPool, type PoolJob } from './handler-pool.js';

interface Slot {
  readonly taskId: string;
  readonly abort: AbortController;
  readonly crash: (error: Error) => void;
  readonly abandon: () => void;
}

/**
 * The default pool: handlers run in the worker's own event loop, as many at once as the worker's concurrency.
 * An unhandled rejection or an uncaught exception raised by a handler's code no longer exits the process: it
 * is logged and fails that task's attempt with `WorkerCrashed` (the handler may never settle otherwise), while
 * the other tasks go on. A handler that ignores its signal cannot be stopped here: use a thread or process pool.
 */
export class InlinePool implements HandlerPool {
  readonly kind = 'inline' as const;
  readonly #slots = new Set<Slot>();
  readonly #unguard: () => void;

  constructor(
    private readonly registry: TaskRegistry,
    private readonly clock: Clock,
    private readonly log: (message: string) => void,
    private readonly maxPayloadBytes?: number,
  ) {
    this.#unguard = guardCrashes((error, kind, taskId) => this.#crashed(error, kind, taskId), log);
  }

  async run(job: PoolJob): Promise<AttemptResult> {
    const abort = new AbortController();
    let crash: (error: Error) => void = () => {};
    const crashed = new Promise<never>((_, reject) => (crash = reject));
    let abandon: () => void = () => {};
    const abandoned = new Promise<never>((_, reject) => (abandon = () => reject(new PoolAbandoned(job.context.taskId))));
    const slot: Slot = { taskId: job.context.taskId, abort, crash, abandon };
    this.#slots.add(slot);
    try {
      const limits = { signal: abort.signal, crashed, ...(this.maxPayloadBytes !== undefined ? { maxPayloadBytes: this.maxPayloadBytes } : {}) };
      return await Promise.race([runHandler(this.registry, job.node, job.args, { ...job.context, once: onceFor(job.once, job.context.workflowId, job.context.idempotencyKey) }, this.clock, limits), abandoned]);
    } finally {
      this.#slots.delete(slot);
    }
  }

  terminate(taskId: string): boolean {
    const slots = [...this.#slots].filter((slot) => slot.taskId === taskId);
    for (const slot of slots) slot.abort.abort(new Error(`Task ${taskId} was terminated`));
    return slots.length > 0;
  }

  async ready(): Promise<void> {}

  running(): string[] {
    return [...this.#slots].map((slot) => slot.taskId);
  }

  abandon(): void {
    for (const slot of this.#slots) {
      slot.abort.abort(new Error('The worker is shutting down'));
      slot.abandon();
    }
  }

  async close(): Promise<void> {
    this.#unguard();
  }

  #crashed(error: unknown, kind: CrashKind, taskId: string): boolean {
    const slots = [...this.#slots].filter((slot) => slot.taskId === taskId);
    if (slots.length === 0) return false;
    const text = crashText(error, kind);
    this.log(`Task ${taskId} raised ${text}; its attempt fails with WorkerCrashed and the worker goes on`);
    const thrown = describeThrown(error);
    for (const slot of slots) {
      slot.crash(Object.assign(new Error(`Task ${taskId} raised ${text}`), { name: workerCrashed, stack: thrown.stack ?? `${thrown.name}: ${thrown.message}` }));
    }
    return true;
  }
}
