import type { Canvas } from '../canvas/canvas.js';
import type { ValidationProblem } from '../canvas/errors.js';
import type { Json } from '../canvas/json.js';
import { isCanvasNode } from '../canvas/node.js';
import { normalize } from '../canvas/normalize.js';
import type { StoredOptions, TaskOptions } from '../canvas/options.js';
import { plan as planCanvas, type Plan } from '../canvas/plan.js';
import type { ResultOf } from '../canvas/types.js';
import { Signature } from '../canvas/signature.js';
import { WorkerDefaults } from './apply/worker-defaults.js';
import { AsyncResult } from './async-result.js';
import { registerMapTasks } from './builtins/map-tasks.js';
import { Control } from './capabilities/control.js';
import type { PurgeResult } from './capabilities/control/queues.js';
import type { RevokeOptions } from './capabilities/control/revoke.js';
import { recover } from './capabilities/recovery.js';
import { Schedules } from './capabilities/schedules.js';
import { WorkflowStarter, type ApplyManyOptions, type ApplyOptions } from './capabilities/starter.js';
import { canvasProblems, type CanvasCheckOptions } from './contracts/canvas-problems.js';
import { checkDocument } from './contracts/check-document.js';
import { loadDocument, type FromJSONOptions } from './contracts/load-document.js';
import type { TaskDefinition } from './contracts/task-contract.js';
import { isTrigger, type Ports, type ScheduleSpec, type TaskState } from './ports/index.js';
import { TaskRegistry, type TaskHandler } from './registry.js';
import type { TaskContext } from './runtime/context.js';
import { WorkflowDriver } from './runtime/driver.js';
import { PlanCache } from './runtime/plan-cache.js';
import { TaskPublication } from './runtime/task-publication.js';
import { TaskRunner } from './runtime/task-runner.js';
import { resolveWorkerOptions } from './runtime/worker-options.js';
import { Worker, type WorkerOptions } from './runtime/worker.js';
import { createPool } from './pool/create-pool.js';
import { Task } from './task.js';
import type { AppObservability } from './observe/app-observability.js';
import { withEmissionScope } from './observe/emission-scope.js';
import type { Hook } from './observe/hooks.js';
import type { Inspect } from './observe/inspect.js';
import { Observability, type WorkflowsQuery } from './observe/observability.js';
import type { EventSubscription, EventType, ReadEventsOptions } from './ports/events.js';
import { isQueueInspector } from './ports/queue-inspector.js';
import { isWorkflowLister, type WorkflowPage } from './ports/workflow-list.js';
import type { DashboardHandle, DashboardOptions } from './dashboard-options.js';
import { Dashboards, type DashboardServer } from './dashboards.js';

export type { ApplyManyOptions, ApplyOptions } from './capabilities/starter.js';

/** Limits the composition root resolved for an App. */
export interface AppLimits {
  /** @default no limit */
  readonly maxPayloadBytes?: number;
}

/**
 * An app: its tasks, and the ports it runs them through. Built by `createApp()`.
 * @example
 * const app = createApp({ driver: 'memory' });
 * const add = app.task('add', (x: number, y: number) => x + y);
 * const w = app.worker();
 * await (await app.apply(add.s(2, 2))).get(); // 4
 */
export class App {
  readonly registry = new TaskRegistry();
  readonly #ports: Ports;
  readonly #plans: PlanCache;
  readonly #driver: WorkflowDriver;
  readonly #runner: TaskRunner;
  readonly #workers = new Set<Worker>();
  readonly #onClose: () => Promise<void>;
  // Each capability is a module of its own (engine/capabilities/); the App only exposes them.
  readonly #starter: WorkflowStarter;
  readonly #schedules: Schedules;
  readonly #observe: Observability;
  readonly #dashboards: Dashboards<App>;
  readonly #control: Control;
  /** Which driver carries this app's tasks: `'redis'` or `'memory'`. */
  readonly driver: string;

  readonly #maxPayloadBytes: number | undefined;

  constructor(ports: Ports, adapter: { readonly driver: string; close(): Promise<void>; readonly dashboard?: DashboardServer<App> }, extras: AppObservability & AppLimits = {}) {
    this.#ports = ports;
    this.#maxPayloadBytes = extras.maxPayloadBytes;
    this.#dashboards = new Dashboards(adapter.dashboard);
    const observe = extras;
    this.#observe = new Observability(
      {
        stream: observe.stream,
        registry: observe.registry,
        inspector: observe.inspector ?? (isQueueInspector(ports.broker) ? ports.broker : undefined),
        lister: isWorkflowLister(ports.store) ? ports.store : undefined,
        clock: ports.clock,
        logger: ports.logger,
      },
      {
        includeArgs: observe.includeArgs ?? false,
        reporters: observe.reporters ?? [],
        localRegistry: observe.localRegistry ?? false,
        knownQueues: () => this.registry.names().flatMap((name) => this.registry.get(name)?.options.queue ?? []),
      },
    );
    const events = this.#observe.runtime();
    this.driver = adapter.driver;
    this.#onClose = () => adapter.close();
    this.#plans = new PlanCache(ports.store);
    registerMapTasks(this.registry);
    const tracing = this.#observe.tracing;
    this.#driver = new WorkflowDriver(ports, this.#plans, events, tracing);
    this.#starter = new WorkflowStarter(ports, extras, this.#driver, this, new WorkerDefaults(this.registry, ports.catalog, ports.clock, (message) => ports.logger.warn(message)), events, tracing);
    this.#control = new Control(ports, this.#plans, this.#driver);
    this.#schedules = new Schedules(ports, this.#starter, adapter.driver);
    this.#runner = new TaskRunner(
      ports,
      this.#plans,
      this.#driver,
      ports.logger,
      async (plan, nodeId, canvas, run) => this.#control.retryReplacement(await this.#starter.replaceTask(plan, nodeId, canvas), run),
      tracing,
    );
  }

  /**
   * Registers a task under `name`. `options` are its defaults, which signatures and canvases may override, and
   * its contract: `input`, a JSON Schema of its argument list, and `output`, one of its result. `apply` checks
   * every signature's literal arguments against `input`; a worker checks the actual arguments and the result,
   * and fails the task with `errorName: 'ContractViolation'` (not retried) when they break the contract.
   * @example
   * const add = app.task('add', (x: number, y: number) => x + y, {
   *   input: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false, minItems: 2 },
   *   output: { type: 'number' },
   * });
   */
  task<Args extends unknown[] = Json[], Result = Json>(
    name: string,
    handler: (this: TaskContext, ...args: Args) => Result | Promise<Result>,
    options?: TaskDefinition,
  ): Task<Args, Result> {
    const registered = this.registry.register(name, handler as unknown as TaskHandler, options);
    return new Task<Args, Result>(name, registered.options, (sig) => this.apply<Result>(sig));
  }

  /** A partial signature by task name, for a task this process may not have registered (Celery's `app.signature`). */
  signature(name: string, args: readonly Json[] = [], options?: TaskOptions): Signature {
    const sig = new Signature(name, args, false);
    return options ? sig.set(options) : sig;
  }

  /**
   * Plans the canvas, stores the plan and sends its first tasks; returns a handle on the run. The literal
   * arguments of every signature are first checked against its task's input contract (task names are not:
   * a producer may apply tasks registered only in workers); any problem throws a WorkflowValidationError
   * listing them all, and nothing is stored or sent.
   */
  apply<C extends Canvas>(canvas: C, options?: ApplyOptions): Promise<AsyncResult<ResultOf<C>>>;
  /** For a canvas whose result type the compiler cannot know (one from JSON, or by task name): say it. */
  apply<T>(canvas: Canvas, options?: ApplyOptions): Promise<AsyncResult<T>>;
  async apply(canvas: Canvas, options: ApplyOptions = {}): Promise<AsyncResult<unknown>> {
    const { id, ...rest } = options;
    const [result] = await this.applyMany<unknown>([canvas], id === undefined ? rest : { ...rest, ids: [id] });
    return result!;
  }

  /**
   * Applies many canvases at once, as independent workflows: every plan is checked first (nothing is sent if
   * one is invalid), the plans are stored concurrently and all their first tasks go to the broker in one
   * batch (BullMQ's `addBulk`): one broker call instead of one per workflow.
   * @example
   * const results = await app.applyMany(orders.map((id) => chain(charge.s(id), ship.s())));
   */
  applyMany<C extends Canvas>(canvases: readonly C[], options?: ApplyManyOptions): Promise<AsyncResult<ResultOf<C>>[]>;
  applyMany<T>(canvases: readonly Canvas[], options?: ApplyManyOptions): Promise<AsyncResult<T>[]>;
  applyMany(canvases: readonly Canvas[], options: ApplyManyOptions = {}): Promise<AsyncResult<unknown>[]> {
    return this.#starter.applyMany<unknown>(canvases, options);
  }

  /**
   * Every problem of a canvas for this app, without throwing: task names it has not registered (with a
   * did-you-mean) and literal arguments that break a task's input contract, at JSON pointers in document terms.
   * @example
   * app.validateCanvas(chain(add.s(2, 2), add.s('x')))
   * // [{ path: '/chain/1/args/0', message: "task 'add' argument 1 must be a number, got `'x'` (string)", hint: ... }]
   */
  validateCanvas(canvas: Canvas, options: CanvasCheckOptions = {}): ValidationProblem[] {
    if (!isCanvasNode(canvas)) return [{ path: '/', message: 'Expected a signature, chain, group or chord', hint: 'for a JSON document, use app.validateDocument(doc)' }];
    return canvasProblems(canvas, this.registry, options);
  }

  /**
   * The canvas of a workflow document, ready to apply: the document checked (`parseDocument`), its `params`
   * bound to `options.params` (each `{ "$param": name }` in `args` replaced by its value, after the values are
   * checked against the document's `params` schema), then task names and literal arguments checked against
   * this app's tasks. Throws one WorkflowValidationError with every problem.
   * @example
   * const canvas = app.fromJSON(JSON.parse(text), { params: { site: 'https://example.com' } });
   * await app.apply(canvas);
   */
  fromJSON(doc: unknown, options: FromJSONOptions = {}): Canvas {
    return loadDocument(doc, this.registry, options);
  }

  /**
   * Every problem of a document for this app, never thrown: the document's own, its parameter references,
   * unknown task names and literal arguments against task contracts. Parameter values are not needed: an
   * argument that is a `{ "$param" }` reference is not judged.
   */
  validateDocument(doc: unknown, options: { checkNames?: boolean } = {}): ValidationProblem[] {
    return checkDocument(doc, this.registry, options);
  }

  /** The plan `apply` would run, without running it; `taskDefaults` defaults to this app's registrations. */
  plan(canvas: Canvas, workflowId: string, now: number, taskDefaults: (task: string) => StoredOptions | undefined = (name) => this.registry.get(name)?.options): Plan {
    return planCanvas(normalize(canvas), { workflowId, now, taskDefaults });
  }

  /** A handle on an earlier run, by id, from any process sharing the store. */
  result<T = Json>(id: string): AsyncResult<T> {
    return new AsyncResult<T>(id, this.#ports.store, this.#ports.clock, this);
  }

  /**
   * Revokes workflow `id` from any process sharing the broker and store (see `AsyncResult.revoke`); with
   * `terminate`, running handlers have their `signal` aborted on every worker. Resolves with the workflow's
   * state now (`REVOKED`, or the end it had already reached), or undefined for an unknown id.
   * @example
   * await app.revoke(id, { terminate: true }); // 'REVOKED'
   */
  revoke(id: string, options: RevokeOptions = {}): Promise<TaskState | undefined> {
    return this.#control.revoke(id, options);
  }

  /**
   * Runs a FAILURE or REVOKED workflow again from the nodes that did not succeed: every committed result is
   * kept (a succeeded task never runs again), failed and revoked tasks run again from their first attempt,
   * with the inputs they had, and the workflow goes on under the same id, so handles already held resolve
   * with the new outcome. Of concurrent retries one starts the run; the others return the same handle. Rejects
   * with code NOT_FOUND for an unknown id and CONFLICT for a workflow that never failed.
   * @example
   * const res = await app.retry(id);
   * await res.get();
   */
  async retry<T = Json>(id: string): Promise<AsyncResult<T>> {
    await this.#control.retry(id);
    return this.result<T>(id);
  }

  /**
   * Drops the tasks waiting or delayed on `queue` (default `'default'`) and ends each of their workflows
   * REVOKED, never left PENDING. Tasks already running are not stopped; schedules keep firing.
   * @example
   * const { tasks, workflows } = await app.purge({ queue: 'default' });
   */
  purge(options: { queue?: string } = {}): Promise<PurgeResult> {
    return this.#control.purge(options.queue ?? 'default');
  }

  /** Stops every worker, in every process, from taking tasks from `queue` (BullMQ's pause); running tasks finish. */
  pause(queue: string): Promise<void> {
    return this.#control.pause(queue);
  }

  /** Lets workers take tasks from `queue` again. */
  resume(queue: string): Promise<void> {
    return this.#control.resume(queue);
  }

  /** Whether `queue` is paused. */
  isPaused(queue: string): Promise<boolean> {
    return this.#control.isPaused(queue);
  }

  /**
   * At most so many task starts on `queue` per second, minute or hour, across every worker (BullMQ's global
   * rate limit on Redis); `null` lifts it. Tasks over the limit wait in the queue.
   * @example
   * await app.setQueueRateLimit('default', '100/s');
   */
  setQueueRateLimit(queue: string, limit: string | null): Promise<void> {
    return this.#control.setQueueRateLimit(queue, limit);
  }

  /**
   * Re-drives every unfinished workflow from a durable store (PostgreSQL) after the broker lost its data:
   * starts each again and re-commits every outcome already stored, so whatever should follow is sent again.
   * Idempotent: every step is first-write-wins or deduplicated by job id, so running it twice changes nothing.
   */
  recover(options: { limit?: number } = {}): Promise<{ workflows: number }> {
    return recover(this.#ports, this.#plans, this.#driver, options);
  }

  /**
   * Applies `canvas` on a schedule, as a new workflow each time: every `every` ms, or on a cron pattern (five
   * or six fields, in `tz`). A worker consuming `queue` starts each run; its id is `<id>.<epoch ms of the
   * firing>`, so a firing delivered twice starts one workflow. Scheduling an existing id replaces it.
   * @example
   * await app.schedule('nightly-report', { cron: '0 3 * * *', tz: 'Europe/Paris' }, chain(collect.s(), report.s()));
   */
  schedule(id: string, when: ScheduleSpec, canvas: Canvas, options: { queue?: string } = {}): Promise<void> {
    return this.#schedules.schedule(id, when, canvas, options);
  }

  /** Stops a schedule; runs already started go on. Resolves true if it existed. */
  unschedule(id: string, options: { queue?: string } = {}): Promise<boolean> {
    return this.#schedules.unschedule(id, options);
  }

  /**
   * Calls `hook` on every event of `type` that happens in this process (a worker's task events in that
   * worker); returns the function that stops it. A hook that throws or rejects is logged, never fails a task.
   * @example
   * const stop = app.on('task-failed', (e) => alert(`${e.taskName} failed: ${e.error?.message}`));
   */
  on<T extends EventType>(type: T, hook: Hook<T>): () => void {
    return this.#observe.on(type, hook);
  }

  /**
   * Every event of every process sharing this app's broker, live, as an async iterable; `ready` resolves once
   * the reading is in place. Ends when `signal` aborts (or on `break`).
   * @example
   * for await (const e of app.events({ types: ['task-failed'], signal })) alert(`${e.taskName}: ${e.error?.message}`);
   */
  events(options: ReadEventsOptions = {}): EventSubscription {
    return this.#observe.events(options);
  }

  /** False when the app was created with `events: false` (then `events()` throws; hooks still run). */
  get publishesEvents(): boolean {
    return this.#observe.publishesEvents;
  }

  /** What the workers sharing this app's broker are doing: `workers`, `active`, `scheduled`, `registered`, `queues`. */
  get inspect(): Inspect {
    return this.#observe.inspect;
  }

  /** This process's Prometheus metrics, as text (the queue and worker gauges are the cluster's). */
  metrics(): Promise<string> {
    return this.#observe.metrics();
  }

  /**
   * Workflows newest first, by state, task and creation time, a page at a time (`next` → `cursor`).
   * @example
   * const { items, next } = await app.workflows({ state: 'FAILURE', since: new Date(Date.now() - 3_600_000) });
   */
  workflows(query?: WorkflowsQuery): Promise<WorkflowPage> {
    return this.#observe.workflows(query);
  }

  /**
   * Starts consuming tasks in this process; it joins the worker registry (`inspect.workers()`) until closed.
   * With `pool: 'threads' | 'processes'`, handlers run in child threads or processes that load `module`. The
   * worker publishes the tasks this app registered, with their options, to the fleet's task catalog (again
   * every heartbeat), so producers that apply them by name only use the same `retries`, `timeout`, `queue`,
   * `rateLimit`, `backoff` and `retryOn`.
   * @example
   * const w = app.worker({ concurrency: 4, pool: 'threads', module: import.meta.url, shutdownTimeoutMs: 30_000 });
   */
  worker(options?: WorkerOptions): Worker {
    const resolved = resolveWorkerOptions(options);
    const { catalog, clock, logger } = this.#ports;
    const log = (message: string) => logger.warn(message);
    const pool = createPool(resolved, { registry: this.registry, clock, log, ...(this.#maxPayloadBytes !== undefined ? { maxPayloadBytes: this.#maxPayloadBytes } : {}) });
    const running = { pool, maxStalls: resolved.maxStalls, terminateGraceMs: resolved.terminateGraceMs };
    const presence = this.#observe.presence({ queues: resolved.queues, concurrency: resolved.concurrency, heartbeatMs: resolved.heartbeatMs, tasks: () => this.registry.names() });
    const scope = { events: this.#observe.runtime(presence.identity.id), presence };
    // The worker's registry id names it in the task catalog too.
    const publication = catalog && new TaskPublication(presence.identity.id, this.registry, catalog, clock, (error) => logger.warn({ err: error }, "Could not publish this worker's tasks"));
    // The scope covers the parent's whole handling, pool.run included: a child's attempt reports from here.
    const inner = this.#ports.broker.consume(resolved, (delivery, signal) =>
      isTrigger(delivery) ? this.#schedules.fire(delivery) : withEmissionScope(scope, () => this.#runner.handle(delivery, running, signal)),
    );
    void presence.start();
    const consumed = publication ? { close: () => Promise.all([publication.stop(), inner.close()]).then(() => undefined) } : inner;
    const consumer = { close: () => consumed.close().then(() => presence.stop()) };
    const worker = new Worker(resolved, consumer, pool, clock, log, (w) => this.#workers.delete(w), presence.identity.id, publication?.start());
    this.#workers.add(worker);
    return worker;
  }

  /**
   * Serves the dashboard (web UI and JSON API) of this app until `close()` on the handle or on the app.
   * @example
   * const { url, close } = await app.dashboard({ port: 5555 });
   */
  dashboard(options: DashboardOptions = {}): Promise<DashboardHandle> {
    return this.#dashboards.start(this, options);
  }

  /** Closes this app's dashboards and workers, then its connections. */
  async close(): Promise<void> {
    await this.#dashboards.closeAll();
    await Promise.all([...this.#workers].map((w) => w.close()));
    await this.#observe.close();
    await this.#onClose();
  }
}
