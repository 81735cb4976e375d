import { createMemoryAdapter } from '../../adapters/memory/index.js';
import { App } from '../../engine/app.js';
import { systemClock } from '../../engine/ports/clock.js';
import { randomIds } from '../../engine/ports/ids.js';
import { silentLogger, type Logger } from '../../engine/ports/index.js';
import { workerDefaultsContract } from './worker-defaults.contract.js';

workerDefaultsContract('memory', async () => {
  const adapter = createMemoryAdapter();
  const ports = { store: adapter.store, broker: adapter.broker, scheduler: adapter.scheduler, rateLimiter: adapter.rateLimiter, catalog: adapter.catalog, clock: systemClock, ids: randomIds };
  const warnings: string[] = [];
  const apps: App[] = [];
  const make = (warn: (message: string) => void) => {
    const logger: Logger = { ...silentLogger, warn: (fields: unknown, message?: string) => warn(typeof fields === 'string' ? fields : (message ?? '')), child: () => logger };
    const app = new App({ ...ports, logger }, { driver: 'memory', close: async () => undefined });
    apps.push(app);
    return app;
  };
  return {
    producer: make((m) => warnings.push(m)),
    worker: () => make(() => undefined),
    warnings,
    cleanup: async () => {
      await Promise.all(apps.map((app) => app.close()));
      await adapter.close();
    },
  };
});
