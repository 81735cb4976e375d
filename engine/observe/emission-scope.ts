import { AsyncLocalStorage } from 'node:async_hooks';
import type { FailureData } from '../ports/outcome.js';
import type { TaskMessage } from '../ports/broker.js';
import type { RuntimeEvents } from './runtime-events.js';
import type { WorkerPresence } from './worker-presence.js';

/** What the runtime knows, while it handles one delivery in a worker, that the events it emits need. */
export interface EmissionScope {
  /** The worker's events (they carry its id). */
  readonly events: RuntimeEvents;
  readonly presence?: WorkerPresence;
  /** The attempt whose end is being carried out, once its handler returned. */
  readonly attempt?: { readonly message: TaskMessage; readonly runtimeMs: number; readonly failure?: FailureData };
}

const storage = new AsyncLocalStorage<EmissionScope>();

/**
 * The scope of the delivery being handled, carried through the awaits of the workflow driver, so the driver
 * needs no new parameters to say which worker and which attempt an event is about.
 */
export function emissionScope(): EmissionScope | undefined {
  return storage.getStore();
}

export function withEmissionScope<T>(scope: EmissionScope, fn: () => T): T {
  return storage.run(scope, fn);
}
