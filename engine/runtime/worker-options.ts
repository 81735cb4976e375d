import { invalidOption } from '../../canvas/errors.js';
import { describe } from '../../canvas/json.js';
import { suggest } from '../../canvas/suggest.js';
import type { PoolKind } from '../pool/handler-pool.js';

export interface WorkerOptions {
  /** Tasks run at once, per queue; with a thread or process pool, also the number of children. @default 4 */
  readonly concurrency?: number;
  /** Queues to take tasks from. @default ['default'] */
  readonly queues?: readonly string[];
  /**
   * Where handlers run. `'threads'` or `'processes'`: in `concurrency` worker threads or child processes, one
   * task each at a time, so CPU-bound handlers use every core, a handler that crashes its child fails only its
   * own attempt (`WorkerCrashed`), and one past `timeout + terminateGraceMs` is killed (`TimeLimitExceeded`).
   * Children load the app module (`module`) to find the handlers; the worker keeps every store and broker call.
   * @default 'inline': in the worker's own event loop
   */
  readonly pool?: 'inline' | 'threads' | 'processes';
  /** With a thread or process pool: how long a handler may go on after its signal was aborted (time limit, terminate) before its child is killed. @default 5000 */
  readonly terminateGraceMs?: number;
  /** With a thread or process pool: each child's heap limit in MB; a child that goes past it dies and fails its attempt with `WorkerCrashed`. @default V8's own */
  readonly maxMemoryMb?: number;
  /**
   * With a thread or process pool: the module (a path or a file URL) whose default export or `export const app`
   * is this app with its tasks registered; each child imports it. @default the `--app` module of `celeriac worker`
   */
  readonly module?: string;
  /**
   * How long `close()` waits for running tasks before it gives up on them: their signals are aborted, their
   * children killed, and their jobs left for another worker (redelivered at once, or after the lock expires if
   * the process exits). @default Infinity (waits for ever)
   */
  readonly shutdownTimeoutMs?: number;
  /**
   * How many times a job may come back after the worker running it died or stalled (its lock expired) before its
   * task fails with `WorkerCrashed` instead of running again: a poison task must not take worker after worker
   * down. @default 3
   */
  readonly maxStalls?: number;
  /** How often the worker tells the registry it is alive; it is dropped from `inspect.workers()` within three. @default 2000 */
  readonly heartbeatMs?: number;
}

export interface ResolvedWorkerOptions {
  readonly concurrency: number;
  readonly queues: readonly string[];
  readonly pool: PoolKind;
  readonly terminateGraceMs: number;
  readonly maxMemoryMb: number | undefined;
  readonly module: string | undefined;
  readonly shutdownTimeoutMs: number;
  readonly maxStalls: number;
  readonly heartbeatMs: number;
}

const known = ['concurrency', 'queues', 'pool', 'terminateGraceMs', 'maxMemoryMb', 'module', 'shutdownTimeoutMs', 'maxStalls', 'heartbeatMs'];

/** Applies defaults and checks every worker option, naming the option, what was expected and what came. */
export function resolveWorkerOptions(options: WorkerOptions = {}): ResolvedWorkerOptions {
  if (typeof options !== 'object' || options === null) invalidOption('worker', 'options', `Expected app.worker() options to be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = suggest(key, known);
    // BullMQ's worker `limiter` is a queue's rate limit here, set once for every worker.
    const hint = key === 'limiter' ? "a queue's rate limit is app.setQueueRateLimit(queue, '100/s')" : near ? `did you mean \`${near}\`?` : `known options: ${known.join(', ')}`;
    invalidOption('worker', key, `Unknown option \`${key}\``, hint);
  }
  const whole = (name: 'concurrency' | 'terminateGraceMs' | 'maxMemoryMb' | 'maxStalls', value: unknown, min: number): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      invalidOption('worker', name, `Expected \`${name}\` to be a whole number from ${min} and up, got \`${String(value)}\` (${describe(value)})`);
    }
    return value;
  };
  const concurrency = whole('concurrency', options.concurrency ?? 4, 1);
  const queues = options.queues ?? ['default'];
  if (!Array.isArray(queues) || queues.length === 0 || queues.some((q) => typeof q !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(q))) {
    invalidOption('worker', 'queues', `Expected \`queues\` to be a non-empty list of queue names, got \`${JSON.stringify(queues)}\``);
  }
  const pool = options.pool ?? 'inline';
  if (pool !== 'inline' && pool !== 'threads' && pool !== 'processes') {
    invalidOption('worker', 'pool', `Expected \`pool\` to be 'inline', 'threads' or 'processes', got \`${String(pool)}\` (${describe(pool)})`);
  }
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? Infinity;
  if (typeof shutdownTimeoutMs !== 'number' || Number.isNaN(shutdownTimeoutMs) || shutdownTimeoutMs < 0) {
    invalidOption('worker', 'shutdownTimeoutMs', `Expected \`shutdownTimeoutMs\` to be milliseconds from 0 and up (or Infinity), got \`${String(shutdownTimeoutMs)}\` (${describe(shutdownTimeoutMs)})`);
  }
  if (options.module !== undefined && (typeof options.module !== 'string' || options.module === '')) {
    invalidOption('worker', 'module', `Expected \`module\` to be the path or file URL of the module that exports the app, got \`${String(options.module)}\``);
  }
  if (pool !== 'inline' && options.module === undefined) {
    invalidOption('worker', 'module', `A '${pool}' pool needs \`module\`: the module whose default export (or \`export const app\`) is this app, which each child loads`, "pass app.worker({ pool, module: import.meta.url }) from the module that creates the app, or run `celeriac worker --app <module> --pool " + pool + '`');
  }
  if (pool === 'inline' && (options.maxMemoryMb !== undefined || options.terminateGraceMs !== undefined)) {
    invalidOption('worker', options.maxMemoryMb !== undefined ? 'maxMemoryMb' : 'terminateGraceMs', `\`${options.maxMemoryMb !== undefined ? 'maxMemoryMb' : 'terminateGraceMs'}\` needs a thread or process pool: one event loop cannot limit or kill one handler`, "add pool: 'threads' or pool: 'processes'");
  }
  const heartbeatMs = options.heartbeatMs ?? 2000;
  if (!Number.isInteger(heartbeatMs) || heartbeatMs < 10) {
    invalidOption('worker', 'heartbeatMs', `Expected \`heartbeatMs\` to be a whole number of milliseconds from 10 and up, got \`${String(heartbeatMs)}\` (${describe(heartbeatMs)})`);
  }
  return {
    concurrency,
    queues: [...new Set(queues)],
    pool,
    terminateGraceMs: whole('terminateGraceMs', options.terminateGraceMs ?? 5000, 0),
    maxMemoryMb: options.maxMemoryMb === undefined ? undefined : whole('maxMemoryMb', options.maxMemoryMb, 16),
    module: options.module,
    shutdownTimeoutMs,
    maxStalls: whole('maxStalls', options.maxStalls ?? 3, 0),
    heartbeatMs,
  };
}
