import { AsyncLocalStorage } from 'node:async_hooks';
import type { Canvas } from '../../canvas/canvas.js';
import { CeleriacError } from '../../canvas/errors.js';
import type { Json } from '../../canvas/json.js';

/**
 * What a running handler knows about itself. Read it with `currentTask()` anywhere inside the handler,
 * or as `this` in a handler written as a `function`.
 * @example
 * app.task('charge', async (orderId: string) => {
 *   const { idempotencyKey, attempt } = currentTask();
 *   await payments.charge(orderId, { idempotencyKey }); // the same key on every attempt and redelivery
 * });
 */
export interface TaskContext {
  /** `<workflowId>:<nodeId>`: this node of this workflow. */
  readonly taskId: string;
  readonly workflowId: string;
  readonly nodeId: string;
  readonly taskName: string;
  /** 1 for the first attempt, 2 for the first retry, ... A redelivery of the same attempt keeps its number. */
  readonly attempt: number;
  /** How many retries this task has after its first attempt. */
  readonly retries: number;
  /** The same on every attempt and every redelivery of this node: pass it to external systems to make effects idempotent. */
  readonly idempotencyKey: string;
  /** Aborted when the task's `timeout` passes, when it is terminated (`worker.terminate`, or its workflow revoked with `terminate: true`, on whichever worker runs it), or when its worker shuts down past its shutdown timeout. */
  readonly signal: AbortSignal;
  /** Ends this attempt and asks for another (counted against `retries`), after `countdown` ms or the task's backoff. */
  retry(options?: { countdown?: number; error?: unknown }): never;
  /**
   * Ends this attempt and replaces this task with `canvas` (Celery's `self.replace`): the canvas runs as a
   * workflow of its own, and its result becomes this task's result (links and errbacks of this task then
   * fire as usual). Calling it again on a redelivery changes nothing: the replacement is started once.
   */
  replace(canvas: Canvas): never;
  /**
   * Runs `fn` once for this task and returns its result; any later attempt or redelivery of the task gets the
   * stored result without running `fn` again. The result is stored under a key made of `idempotencyKey` and
   * `name`, in the app's store, on every driver. Not exactly-once: if the worker dies after `fn` ran and before
   * its result was stored, or a second delivery runs at the same time (an expired lock), `fn` runs again. An
   * effect that must never happen twice needs a provider that dedupes by `idempotencyKey`.
   * @example
   * app.task('ship', async function (orderId: string) {
   *   const label = await this.once('label', () => carrier.createLabel(orderId)); // not again on a retry
   *   await this.once('email', () => mailer.send(orderId, label));
   *   return label;
   * });
   */
  once<T extends Json>(name: string, fn: () => T | Promise<T>): Promise<T>;
}

const storage = new AsyncLocalStorage<TaskContext>();

export function runWithContext<T>(context: TaskContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the task whose code is running now (also inside its timers and promises), if any. */
export function runningTask(): TaskContext | undefined {
  return storage.getStore();
}

/** The context of the task running now; throws outside a task handler. */
export function currentTask(): TaskContext {
  const context = storage.getStore();
  if (!context) throw new CeleriacError('VALIDATION', 'currentTask() was called outside a running task handler');
  return context;
}

/** Thrown by `ctx.retry()`; the runtime turns it into a retry. */
export class RetryRequest extends Error {
  constructor(
    readonly countdown: number | undefined,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : 'retry requested by the task');
    this.name = 'RetryRequest';
  }
}

/** Thrown by `ctx.replace()`; the runtime starts the replacement and ends the attempt. */
export class ReplaceRequest extends Error {
  constructor(readonly canvas: Canvas) {
    super('replaced by a new canvas');
    this.name = 'ReplaceRequest';
  }
}

/** Throw it from a handler to fail the task at once, without spending its retries (BullMQ's UnrecoverableError). */
export class UnrecoverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecoverableError';
  }
}
