import { createPinoLogger, emailReporter, webhookReporter, type Reporter } from '../index.js';
import { logFormats, logLevels } from '../logging/pino-logger.js';
import { loadApp, resolveAppModule } from './load-app.js';
import { serveMetrics } from './metrics-server.js';

export interface WorkerCommandOptions {
  readonly app: string;
  readonly concurrency?: string;
  readonly queues?: string;
  readonly pool?: string;
  readonly terminateGraceMs?: string;
  readonly shutdownTimeout?: string;
  readonly maxMemoryMb?: string;
  readonly maxStalls?: string;
  readonly logLevel?: string;
  readonly logFormat?: string;
  readonly metricsPort?: string;
  readonly heartbeatMs?: string;
  readonly reportEmail?: string;
  readonly reportEmailTo?: string;
  readonly reportWebhook?: string;
}

/** Reporters the flags ask for; checked before the app loads. */
function reportersOf(options: WorkerCommandOptions): Reporter[] {
  const reporters: Reporter[] = [];
  if (options.reportEmail !== undefined || options.reportEmailTo !== undefined) {
    if (!options.reportEmail || !options.reportEmailTo) throw new Error('--report-email smtp://host:port and --report-email-to address go together');
    reporters.push(emailReporter({ smtp: options.reportEmail, to: options.reportEmailTo.split(',').map((a) => a.trim()) }));
  }
  if (options.reportWebhook !== undefined) reporters.push(webhookReporter({ url: options.reportWebhook }));
  return reporters;
}

function whole(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: expected a whole number from ${min} and up, got '${value}'`);
  return n;
}

/**
 * `celeriac worker`: consume until SIGINT or SIGTERM, then finish running tasks (for at most
 * `--shutdown-timeout` ms, after which they are aborted and left for another worker) and exit. A second
 * signal exits at once.
 */
export async function workerCommand(options: WorkerCommandOptions): Promise<void> {
  if (options.logLevel !== undefined && !(logLevels as readonly string[]).includes(options.logLevel)) throw new Error(`--log-level: expected one of ${logLevels.join(', ')}, got '${options.logLevel}'`);
  if (options.logFormat !== undefined && !(logFormats as readonly string[]).includes(options.logFormat)) throw new Error(`--log-format: expected json or pretty, got '${options.logFormat}'`);
  const metricsPort = whole('--metrics-port', options.metricsPort, 1);
  const heartbeatMs = whole('--heartbeat-ms', options.heartbeatMs, 10);
  const reporters = reportersOf(options);
  // The default logger of an app the module creates reads these (a module that passes its own logger keeps it).
  if (options.logLevel) process.env.CELERIAC_LOG_LEVEL = options.logLevel;
  if (options.logFormat) process.env.CELERIAC_LOG_FORMAT = options.logFormat;
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
    heartbeatMs,
  };
  const defined = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  const pool = options.pool as 'inline' | 'threads' | 'processes' | undefined;
  const worker = app.worker({ ...defined, ...(queues ? { queues } : {}), ...(pool ? { pool, module: resolveAppModule(options.app) } : {}) });
  // Ready once its pool is warm and producers can see the tasks it registered (the task catalog).
  await worker.ready();
  if (reporters.length > 0) {
    const logger = createPinoLogger({ level: (options.logLevel as 'info' | undefined) ?? 'info', format: (options.logFormat as 'json' | undefined) ?? 'json' }).child({ component: 'reporter' });
    for (const reporter of reporters) app.on('task-failed', (event) => reporter.report(event, logger));
  }
  const metrics = metricsPort === undefined ? undefined : await serveMetrics(app, metricsPort);
  const { queues: names, concurrency } = worker.options;
  console.log(
    `celeriac worker ready: driver=${app.driver} queues=${names.join(',')} concurrency=${concurrency} pool=${worker.options.pool} pid=${process.pid} id=${worker.id}` +
      (metrics ? ` metrics=http://127.0.0.1:${metricsPort}/metrics` : ''),
  );
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
      metrics?.close();
      await app.close();
      await Promise.all(reporters.map((reporter) => reporter.close?.()));
      done();
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });
}
