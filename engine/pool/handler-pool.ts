import type { Json } from '../../canvas/json.js';
import type { PlannedTask } from '../../canvas/plan.js';
import type { ResultStore } from '../ports/result-store.js';
import type { TaskContext } from '../runtime/context.js';
import type { AttemptResult } from '../runtime/run-handler.js';

/** What a context knows before the runtime adds its signal, `retry`, `replace` and `once`. */
export type AttemptContext = Omit<TaskContext, 'signal' | 'retry' | 'replace' | 'once'>;

/** Where `ctx.once` keeps what it stored: the app's result store. */
export type OnceStore = Pick<ResultStore, 'readOnce' | 'recordOnce'>;

/**
 * One attempt to run: the planned node, its actual arguments and its context, plain data that can cross to a
 * child; and the store `ctx.once` uses, which stays in the worker (a child reaches it through its pool).
 */
export interface PoolJob {
  readonly node: PlannedTask;
  readonly args: readonly Json[];
  readonly context: AttemptContext;
  readonly once: OnceStore;
}

/** Where handlers run: `'inline'` in the worker's own event loop, or in `concurrency` threads or processes. */
export type PoolKind = 'inline' | 'threads' | 'processes';

/**
 * Runs task handlers for a worker; the worker's bookkeeping (plans, the store, the workflow machine) stays with
 * the caller. Every pool ends an attempt as data: a handler that throws, runs out of time or crashes its
 * thread or process gives a failure (`TimeLimitExceeded`, `WorkerCrashed`), never a rejection.
 *
 * Does not promise: to stop a handler that ignores its signal in the inline pool (nothing can, in one event
 * loop), or to run attempts in the order they were asked for.
 */
export interface HandlerPool {
  readonly kind: PoolKind;
  /** Runs one attempt. Rejects only with a {@link PoolAbandoned} (shutdown) or when no child can be started. */
  run(job: PoolJob): Promise<AttemptResult>;
  /**
   * Stops the running attempt of task `taskId` (`<workflowId>:<nodeId>`): aborts its signal now and, in a thread
   * or process pool, kills its child once `graceMs` passed if it still runs (the child is replaced). An attempt
   * killed this way fails with `errorName: 'Terminated'` (not retried); one that ends within the grace period
   * ends as it ended. Returns false when no attempt of that task runs here.
   * @example
   * pool.terminate(`${workflowId}:${nodeId}`, 5000);
   */
  terminate(taskId: string, graceMs?: number): boolean;
  /** Resolves once every child has loaded the app module (at once for the inline pool); rejects if they cannot. */
  ready(): Promise<void>;
  /** The tasks (`<workflowId>:<nodeId>`) running now. */
  running(): string[];
  /**
   * Gives up on every running attempt (a shutdown that ran out of time): aborts their signals, kills children,
   * and rejects their `run` with {@link PoolAbandoned}, so their jobs are left for another worker.
   */
  abandon(): void;
  close(): Promise<void>;
}

/** `run` gave up on an attempt (shutdown): nothing about it is to be recorded; the broker delivers it again. */
export class PoolAbandoned extends Error {
  constructor(taskId: string) {
    super(`Worker shut down before task ${taskId} ended; left for redelivery`);
    this.name = 'PoolAbandoned';
  }
}

/** The failure an attempt gets when `terminate` had to kill it. */
export const terminated = 'Terminated';
