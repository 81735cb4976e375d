import { createMemoryAdapter } from '../../adapters/memory/index.js';
import { brokerContract } from './broker.contract.js';
import { resultStoreContract } from './result-store.contract.js';

async function memory() {
  const adapter = createMemoryAdapter();
  return { store: adapter.store, broker: adapter.broker, cleanup: () => adapter.close() };
}

resultStoreContract('memory', memory);
brokerContract('memory', memory);
