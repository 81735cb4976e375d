import { loadApp } from './load-app.js';

export interface WorkerCommandOptions {
  readonly app: string;
  readonly concurrency?: string;
  readonly queues?: string;
}

/** `celeriac worker`: consume until SIGINT or SIGTERM, then finish running tasks and exit. */
export async function workerCommand(options: WorkerCommandOptions): Promise<void> {
  const app = await loadApp(options.app);
  if (app.driver === 'memory') {
    await app.close();
    // A memory worker would only ever see tasks applied in its own process, and this process applies none.
    throw new Error(
      `a worker needs a broker, but the app in '${options.app}' is on the memory driver (no REDIS_URL). ` +
        'Set REDIS_URL, or pass --app a module whose app is created with a Redis (createApp({ redis }))',
    );
  }
  const concurrency = options.concurrency === undefined ? undefined : Number(options.concurrency);
  const queues = options.queues?.split(',').map((q) => q.trim()).filter(Boolean);
  const worker = app.worker({ ...(concurrency !== undefined ? { concurrency } : {}), ...(queues ? { queues } : {}) });
  // Ready once producers can see the tasks it registered (the task catalog).
  await worker.ready;
  console.log(`celeriac worker ready: driver=${app.driver} queues=${worker.options.queues.join(',')} concurrency=${worker.options.concurrency} pid=${process.pid}`);
  await new Promise<void>((done) => {
    const stop = async (signal: string) => {
      console.log(`celeriac worker: ${signal}, finishing running tasks`);
      await app.close();
      done();
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
}
