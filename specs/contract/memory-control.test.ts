import { createApp } from '../../index.js';
import { controlContract } from './control.contract.js';

controlContract('memory', async () => {
  const app = createApp({ driver: 'memory' });
  return { app, cleanup: () => app.close() };
});
