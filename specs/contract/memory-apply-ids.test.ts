import { createApp } from '../../index.js';
import { applyIdsContract } from './apply-ids.contract.js';

applyIdsContract('memory', async () => {
  const app = createApp({ driver: 'memory' });
  return { app, cleanup: () => app.close() };
});
