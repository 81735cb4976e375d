import { AsyncLocalStorage } from 'node:async_hooks';
import { SimulatedCrash } from './fault-injector.js';

/**
 * Which delivery the current code runs for, and whether its worker has died. A crash can land inside a
 * handler (in `ctx.once`), where the handler's own error handling would catch it and fail the task: a dead
 * process does not do that. So once a delivery crashed, every later port call of it throws too, and nothing
 * it would still have written reaches the store or the broker; the broker then hands the job out again.
 */
const scope = new AsyncLocalStorage<{ dead: boolean; readonly redelivered: boolean }>();

/** Runs one delivery in its own scope; `redelivered` when the job was delivered before (or is a second copy). */
export function inDelivery<T>(fn: () => Promise<T>, redelivered = false): Promise<T> {
  return scope.run({ dead: false, redelivered }, fn);
}

/** Runs `fn` as no delivery's code (a producer's call made from inside a delivery): none of its faults, none of its crash. */
export function outsideDelivery<T>(fn: () => T): T {
  return scope.exit(fn);
}

/** Whether the current code runs for a delivery at all: a producer's calls are not places where a worker dies. */
export function inWorker(): boolean {
  return scope.getStore() !== undefined;
}

/** Whether the current code runs for a redelivered delivery. */
export function inRedelivery(): boolean {
  return scope.getStore()?.redelivered === true;
}

/** Marks the current delivery's worker dead and throws. */
export function crashHere(where: string): never {
  const current = scope.getStore();
  if (current) current.dead = true;
  throw new SimulatedCrash(where);
}

/** Throws if the current delivery's worker has died: a dead process makes no more calls. */
export function assertAlive(): void {
  if (scope.getStore()?.dead) throw new SimulatedCrash('(the worker had already died)');
}
