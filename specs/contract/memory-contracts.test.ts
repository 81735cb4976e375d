import { createApp } from '../../index.js';
import { contractsContract } from './contracts.contract.js';

contractsContract('memory', async () => {
  const app = createApp({ driver: 'memory' });
  return { app, cleanup: () => app.close() };
});
