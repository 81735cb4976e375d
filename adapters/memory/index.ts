import { systemClock, type Clock } from '../../engine/ports/clock.js';
import { MemoryBroker } from './memory-broker.js';
import { MemoryResultStore } from './memory-result-store.js';

export { MemoryBroker } from './memory-broker.js';
export { MemoryResultStore } from './memory-result-store.js';

/** The in-process adapter: a result store and a broker sharing nothing with other processes. */
export function createMemoryAdapter(options: { clock?: Clock } = {}) {
  const clock = options.clock ?? systemClock;
  const store = new MemoryResultStore(clock);
  const broker = new MemoryBroker(clock);
  return {
    store,
    broker,
    async close() {
      await broker.close();
      await store.close();
    },
  };
}
