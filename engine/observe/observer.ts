import type { Clock } from '../ports/clock.js';
import type { CeleriacEvent, EventStream } from '../ports/events.js';
import { Hooks } from './hooks.js';
import { Metrics, type MetricsSources } from './metrics.js';
import type { ObserveLogger } from './observe-logger.js';

export interface ObserverOptions {
  /** Where events go for other processes; absent with `events: false` (hooks, metrics and logs still see them). */
  readonly stream: EventStream | undefined;
  readonly logger: ObserveLogger;
  readonly metrics: MetricsSources;
  readonly clock: Clock;
}

/**
 * Where every event of this process goes, at once and in this order: the metrics, the log (a task failing for
 * good at error with its stack, a retry at warn, a success at debug), the in-process hooks, and the cluster
 * stream (batched by the adapter; never awaited, so no task waits for it). None of them can fail the caller.
 */
export class Observer {
  readonly hooks: Hooks;
  readonly metrics: Metrics;
  readonly #stream: EventStream | undefined;
  readonly #logger: ObserveLogger;
  #streamFailed = false;

  constructor(options: ObserverOptions) {
    this.#stream = options.stream;
    this.#logger = options.logger;
    this.hooks = new Hooks(options.logger, options.clock);
    this.metrics = new Metrics(options.metrics);
  }

  /** True when the cluster stream is on (`events` not false). */
  get streaming(): boolean {
    return this.#stream !== undefined;
  }

  emit(event: CeleriacEvent): void {
    this.metrics.observe(event);
    this.log(event);
    this.hooks.emit(event);
    if (!this.#stream) return;
    this.#stream.publish([event]).catch((error: unknown) => {
      // Said once: an outage would otherwise log a line per event.
      if (this.#streamFailed) return;
      this.#streamFailed = true;
      this.#logger.warn({ err: error }, `Events could not be published to the stream: ${(error as Error).message}`);
    });
  }

  private log(event: CeleriacEvent): void {
    const where = `${event.taskName ?? 'task'} (node ${event.nodeId ?? '?'} of workflow ${event.workflowId ?? '?'}, attempt ${event.attempt ?? '?'})`;
    const fields = { event: event.type, workflowId: event.workflowId, nodeId: event.nodeId, taskName: event.taskName, attempt: event.attempt, runtimeMs: event.runtimeMs };
    switch (event.type) {
      case 'task-failed':
        this.#logger.error({ ...fields, err: errorFields(event) }, `Task ${where} failed: ${event.error?.type ?? 'Error'}: ${event.error?.message ?? ''}`);
        return;
      case 'task-retried':
        this.#logger.warn(
          { ...fields, retryInMs: event.retryInMs, err: errorFields(event) },
          `Task ${where} failed, retrying in ${event.retryInMs ?? 0} ms: ${event.error?.type ?? 'Error'}: ${event.error?.message ?? ''}`,
        );
        return;
      case 'task-succeeded':
        this.#logger.debug(fields, `Task ${where} succeeded in ${Math.round(event.runtimeMs ?? 0)} ms`);
        return;
      case 'worker-online':
      case 'worker-offline':
        this.#logger.debug({ event: event.type, workerId: event.workerId }, `Worker ${event.workerId} is ${event.type === 'worker-online' ? 'online' : 'offline'}`);
        return;
      default:
        return;
    }
  }
}

/** An event's error as pino prints errors (`err.type`, `err.message`, `err.stack`). */
function errorFields(event: CeleriacEvent): { type: string; message: string; stack?: string } | undefined {
  return event.error ? { type: event.error.type, message: event.error.message, ...(event.error.stack ? { stack: event.error.stack } : {}) } : undefined;
}
