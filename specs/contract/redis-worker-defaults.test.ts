import { randomUUID } from 'node:crypto';
import { createApp, silentLogger, type App, type Logger } from '../../index.js';
import { deleteKeys } from './redis-cleanup.js';
import { workerDefaultsContract } from './worker-defaults.contract.js';

workerDefaultsContract('redis', async () => {
  const prefix = `test-${randomUUID()}`;
  const apps: App[] = [];
  const warnings: string[] = [];
  const producerLogger: Logger = { ...silentLogger, warn: (fields: unknown, message?: string) => void warnings.push(typeof fields === 'string' ? fields : (message ?? '')), child: () => producerLogger };
  const make = (logger: Logger = silentLogger) => {
    const app = createApp({ redis: 'redis://127.0.0.1:6379', prefix, logger });
    apps.push(app);
    return app;
  };
  const producer = make(producerLogger);
  return {
    producer,
    worker: () => make(),
    warnings,
    cleanup: async () => {
      await Promise.all(apps.map((app) => app.close()));
      await deleteKeys(prefix);
    },
  };
});
