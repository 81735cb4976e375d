import { AsyncLocalStorage } from 'node:async_hooks';
import { SimulatedCrash } from './fault-injector.js';

/**
 * Which delivery the current code runs for, and whether its worker has died. A crash can land inside a
 * handler (in `ctx.once`), where the handler's own error handling would catch it and fail the task: a dead
 * process does not do that. So once a delivery crashed, every later port call of it throws too, and nothing
 * it would still have written reaches the store or the broker; the broker then hands the job out again.
 */
const scope = new AsyncLocalStorage<{ dead: boolean }>();

/** Runs one delivery in its own scope. */
export function inDelivery<T>(fn: () => Promise<T>): Promise<T> {
  return scope.run({ dead: false }, fn);
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
