import { hostname } from 'node:os';
import { invalid } from '../../canvas/errors.js';
import { describe } from '../../canvas/json.js';
import { TaskStates, type TaskState } from '../ports/outcome.js';
import type { Clock } from '../ports/clock.js';
import { isEventType, type EventStream, type EventSubscription, type EventType, type ReadEventsOptions } from '../ports/events.js';
import type { QueueInspector } from '../ports/queue-inspector.js';
import type { WorkerRegistry } from '../ports/worker-registry.js';
import type { WorkflowLister, WorkflowPage } from '../ports/workflow-list.js';
import type { Hook } from './hooks.js';
import { Inspect } from './inspect.js';
import type { ObserveLogger } from './observe-logger.js';
import { Observer } from './observer.js';
import type { Reporter } from '../ports/reporter.js';
import { RuntimeEvents } from './runtime-events.js';
import { Tracing } from './tracing.js';
import { WorkerPresence } from './worker-presence.js';

/** `app.workflows()`'s options; all optional. */
export interface WorkflowsQuery {
  /** Only workflows in this state. */
  readonly state?: TaskState;
  /** Only workflows with a task of this name. */
  readonly task?: string;
  /** Only workflows created at or after this time. */
  readonly since?: Date | number;
  /** How many per page, 1 to 1000. @default 50 */
  readonly limit?: number;
  /** The `next` of the page before. */
  readonly cursor?: string;
}

export interface ObservabilityPorts {
  /** Absent with `events: false`: nothing is published, and `app.events()` says so. */
  readonly stream: EventStream | undefined;
  readonly registry: WorkerRegistry | undefined;
  readonly inspector: QueueInspector | undefined;
  /** Absent when the store cannot list workflows. */
  readonly lister: WorkflowLister | undefined;
  readonly clock: Clock;
  readonly logger: ObserveLogger;
}

export interface ObservabilityOptions {
  readonly includeArgs: boolean;
  readonly reporters: readonly Reporter[];
  /** Queues this app's tasks are routed to, for inspect and metrics. */
  readonly knownQueues: () => readonly string[];
  /** The registry lives in this process (memory driver): workers write it as tasks start and end, with no timer. */
  readonly localRegistry?: boolean;
}

/**
 * What an app shows of what runs, as one module the App exposes: hooks (`on`), the cluster event stream
 * (`events`), metrics, the workers' registry and the queues (`inspect`), and the workflow list
 * (`workflows`). The runtime reports through `runtime()`; workers announce themselves with `presence()`.
 */
export class Observability {
  readonly observer: Observer;
  readonly inspect: Inspect;
  /** Spans through `@opentelemetry/api`, when the process registered a tracer provider. */
  readonly tracing: Tracing;
  readonly #ports: ObservabilityPorts;
  readonly #options: ObservabilityOptions;
  readonly #identity = { hostname: hostname(), pid: process.pid };
  readonly #presences = new Set<WorkerPresence>();
  #workers = 0;

  constructor(ports: ObservabilityPorts, options: ObservabilityOptions) {
    this.#ports = ports;
    this.#options = options;
    this.tracing = new Tracing(ports.clock);
    this.inspect = new Inspect(ports.registry, ports.inspector, ports.clock, options.knownQueues);
    this.observer = new Observer({
      stream: ports.stream,
      logger: ports.logger,
      clock: ports.clock,
      metrics: { queues: () => this.inspect.queues(), workers: async () => (await this.inspect.workers()).length },
    });
    for (const reporter of options.reporters) this.observer.hooks.on('task-failed', (event) => reporter.report(event, ports.logger));
  }

  /** Calls `hook` on every event of `type` that happens in this process; returns the function that stops it. */
  on<T extends EventType>(type: T, hook: Hook<T>): () => void {
    if (!isEventType(type)) invalid('/type', `app.on() expects an event type such as 'task-failed', got \`${String(type)}\``);
    if (typeof hook !== 'function') invalid('/hook', `app.on('${type}', hook) expects a function, got ${describe(hook)}`);
    return this.observer.hooks.on(type, hook);
  }

  /** Every event of every process sharing the broker, live, filtered. */
  events(options: ReadEventsOptions = {}): EventSubscription {
    const stream = this.#ports.stream;
    if (!stream) invalid('/events', 'This app was created with `events: false`: it publishes no events and cannot read them', 'create it without `events: false` (hooks with app.on() work either way)');
    for (const type of options.types ?? []) if (!isEventType(type)) invalid('/types', `Unknown event type \`${String(type)}\``);
    return stream.read(options);
  }

  get publishesEvents(): boolean {
    return this.#ports.stream !== undefined;
  }

  metrics(): Promise<string> {
    return this.observer.metrics.text();
  }

  get metricsContentType(): string {
    return this.observer.metrics.contentType;
  }

  async workflows(query: WorkflowsQuery = {}): Promise<WorkflowPage> {
    const lister = this.#ports.lister;
    if (!lister) invalid('/', "This app's store cannot list workflows");
    if (query.state !== undefined && !(TaskStates as readonly string[]).includes(query.state)) invalid('/state', `Expected \`state\` to be one of ${TaskStates.join(', ')}, got \`${String(query.state)}\``);
    if (query.task !== undefined && (typeof query.task !== 'string' || query.task === '')) invalid('/task', `Expected \`task\` to be a task name, got ${describe(query.task)}`);
    const since = query.since instanceof Date ? query.since.getTime() : query.since;
    if (since !== undefined && !Number.isFinite(since)) invalid('/since', `Expected \`since\` to be a Date or epoch ms, got \`${String(query.since)}\``);
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) invalid('/limit', `Expected \`limit\` to be a whole number from 1 to 1000, got \`${String(limit)}\``);
    return lister.listWorkflows({
      limit,
      ...(query.state !== undefined ? { state: query.state } : {}),
      ...(query.task !== undefined ? { task: query.task } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    });
  }

  /** The events the runtime emits, as this process (a producer) or as worker `workerId`. */
  runtime(workerId?: string): RuntimeEvents {
    return new RuntimeEvents((event) => this.observer.emit(event), this.#ports.clock, { ...this.#identity, ...(workerId ? { workerId } : {}) }, this.#options.includeArgs);
  }

  /** A new worker's presence in the registry (not started yet). */
  presence(options: { queues: readonly string[]; concurrency: number; heartbeatMs: number; tasks: () => readonly string[] }): WorkerPresence {
    const mode = !this.#ports.registry ? 'none' : this.#options.localRegistry ? 'on-change' : 'timer';
    const id = `${this.#identity.hostname}.${this.#identity.pid}.${++this.#workers}.${Math.random().toString(36).slice(2, 6)}`;
    const presence = new WorkerPresence({ id, ...this.#identity }, { ...options, mode }, this.#ports.registry ?? noRegistry, this.#ports.clock, (event) => this.observer.emit(event), this.#ports.logger);
    this.#presences.add(presence);
    return presence;
  }

  /** Waits for hooks still running (reports being sent), then releases the reporters. */
  async close(): Promise<void> {
    await Promise.all([...this.#presences].map((presence) => presence.stop()));
    this.#presences.clear();
    await this.observer.hooks.idle();
    await Promise.all(this.#options.reporters.map((reporter) => reporter.close?.()));
  }
}

/** Where workers of an app built without a registry beat: nowhere. */
const noRegistry: WorkerRegistry = { beat: async () => undefined, remove: async () => undefined, list: async () => [], close: async () => undefined };
