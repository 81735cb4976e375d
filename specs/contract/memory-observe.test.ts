import { MemoryBroker } from '../../adapters/memory/memory-broker.js';
import { MemoryWorkerRegistry } from '../../adapters/memory/memory-worker-registry.js';
import { systemClock } from '../../engine/ports/clock.js';
import { queueInspectorContract } from './queue-inspector.contract.js';
import { workerRegistryContract } from './worker-registry.contract.js';

workerRegistryContract('memory', async () => ({ registry: new MemoryWorkerRegistry(), cleanup: async () => undefined }));
queueInspectorContract('memory', async () => {
  const broker = new MemoryBroker(systemClock);
  return { broker, scheduler: broker, inspector: broker, cleanup: () => broker.close() };
});
