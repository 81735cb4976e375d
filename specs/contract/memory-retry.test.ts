import { createApp } from '../../index.js';
import { retryContract } from './retry.contract.js';

retryContract('memory', async () => {
  const app = createApp({ driver: 'memory' });
  return { app, cleanup: () => app.close() };
});
