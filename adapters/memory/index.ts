import { silentLogger, systemClock, type Clock, type Logger } from '../../engine/ports/index.js';
import { MemoryBroker } from './memory-broker.js';
import { MemoryResultStore } from './memory-result-store.js';
import { MemoryEventStream } from './memory-event-stream.js';
import { MemoryTaskCatalog } from './memory-task-catalog.js';
import { MemoryWorkerRegistry } from './memory-worker-registry.js';

export { MemoryBroker } from './memory-broker.js';
export { MemoryResultStore } from './memory-result-store.js';
export { MemoryEventStream } from './memory-event-stream.js';
export { MemoryWorkerRegistry } from './memory-worker-registry.js';
export { MemoryTaskCatalog } from './memory-task-catalog.js';

export interface MemoryAdapterOptions {
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default silentLogger */
  readonly logger?: Logger;
}

/**
 * The in-process adapter: a result store (also the rate limiter) and a broker (also the scheduler) sharing
 * nothing with other processes.
 * @example
 * const memory = createMemoryAdapter();
 * // hand memory.store, memory.broker... to an App, then on shutdown:
 * await memory.close();
 */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}) {
  const clock = options.clock ?? systemClock;
  const store = new MemoryResultStore(clock);
  const broker = new MemoryBroker(clock, (options.logger ?? silentLogger).child({ component: 'memory broker' }));
  const events = new MemoryEventStream();
  return {
    store,
    broker,
    scheduler: broker,
    rateLimiter: store,
    /** The broker inspects its own queues. */
    inspector: broker,
    events,
    registry: new MemoryWorkerRegistry(),
    catalog: new MemoryTaskCatalog(),
    async close() {
      await broker.close();
      await events.close();
      await store.close();
    },
  };
}
