import { loadApp, resolveAppModule } from './load-app.js';

export interface WorkerCommandOptions {
  readonly app: string;
  readonly concurrency?: string;
  readonly queues?: string;
  readonly pool?: string;
  readonly terminateGraceMs?: string;
  readonly shutdownTimeout?: string;
  readonly maxMemoryMb?: string;
  readonly maxStalls?: string;
}

/**
 * `celeriac worker`: consume until SIGINT or SIGTERM, then finish running tasks (for at most
 * `--shutdown-timeout` ms, after which they are aborted and left for another worker) and exit. A second
 * signal exits at once.
 */
export async function workerCommand(options: WorkerCommandOptions): Promise<void> {
  const app = await loadApp(options.app);
  if (app.driver === 'memory') {
    await app.close();
    // A memory worker would only ever see tasks applied in its own process, and this process applies none.
    throw new Error(
      `a worker needs a broker, but the app in '${options.app}' is on the memory driver (no REDIS_URL or REDIS_CLUSTER). ` +
        'Set REDIS_URL (or REDIS_CLUSTER=host:port,host:port), or pass --app a module whose app is created with a Redis (createApp({ redis }))',
    );
  }
  const number = (flag: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (Number.isNaN(parsed)) throw new Error(`--${flag}: expected a number, got '${value}'`);
    return parsed;
  };
  const queues = options.queues?.split(',').map((q) => q.trim()).filter(Boolean);
  const settings = {
    concurrency: number('concurrency', options.concurrency),
    terminateGraceMs: number('terminate-grace-ms', options.terminateGraceMs),
    shutdownTimeoutMs: number('shutdown-timeout', options.shutdownTimeout),
    maxMemoryMb: number('max-memory-mb', options.maxMemoryMb),
    maxStalls: number('max-stalls', options.maxStalls),
  };
  const defined = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  const pool = options.pool as 'inline' | 'threads' | 'processes' | undefined;
  const worker = app.worker({ ...defined, ...(queues ? { queues } : {}), ...(pool ? { pool, module: resolveAppModule(options.app) } : {}) });
  // Ready once its pool is warm and producers can see the tasks it registered (the task catalog).
  await worker.ready();
  const { queues: names, concurrency } = worker.options;
  console.log(`celeriac worker ready: driver=${app.driver} queues=${names.join(',')} concurrency=${concurrency} pool=${worker.options.pool} pid=${process.pid}`);
  await new Promise<void>((done) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) {
        console.log(`celeriac worker: ${signal} again, exiting now`);
        process.exit(1);
      }
      stopping = true;
      const limit = worker.options.shutdownTimeoutMs;
      console.log(`celeriac worker: ${signal}, finishing running tasks${Number.isFinite(limit) ? ` (for at most ${limit} ms)` : ''}`);
      await app.close();
      done();
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });
}
