import { randomUUID } from 'node:crypto';
import { createApp } from '../../index.js';
import { observeContract } from './observe.contract.js';
import { deleteKeys } from './redis-cleanup.js';

observeContract('memory', async (options) => {
  const app = createApp({ driver: 'memory', logger: quiet, ...options });
  return { app, cleanup: () => app.close() };
});

observeContract('redis', async (options) => {
  const prefix = `test-${randomUUID()}`;
  const app = createApp({ redis: 'redis://127.0.0.1:6379', prefix, logger: quiet, ...options });
  return { app, cleanup: () => app.close().then(() => deleteKeys(prefix)) };
});

/** Hooks that throw are logged at error: kept out of the test output. */
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
