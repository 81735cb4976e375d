import { createApp } from '../../index.js';
import { appContract } from './app.contract.js';

appContract('memory', async () => {
  const app = createApp({ driver: 'memory' });
  return { app, cleanup: () => app.close() };
});
