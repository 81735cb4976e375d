import { createMemoryAdapter } from '../../adapters/memory/index.js';
import { brokerContract } from './broker.contract.js';
import { rateLimiterContract } from './rate-limiter.contract.js';
import { resultStoreContract } from './result-store.contract.js';
import { schedulerContract } from './scheduler.contract.js';

async function memory() {
  const adapter = createMemoryAdapter();
  return { ...adapter, cleanup: () => adapter.close() };
}

resultStoreContract('memory', memory, { endsWithRootCommit: true });
brokerContract('memory', memory);
schedulerContract('memory', memory);
rateLimiterContract('memory', memory);
