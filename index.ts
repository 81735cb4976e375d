/**
 * Celeriac's public entry: createApp and the canvas builders, the result handle and the error classes.
 * This is the composition root: the only module (with cli.ts) that sees both the engine and the adapters.
 */
import { selectAdapters } from './adapters/select/select-adapters.js';
import type { AppOptions } from './adapters/select/app-options.js';
import { App } from './engine/app.js';
import { randomIds, systemClock } from './engine/ports/index.js';
import { resolveObserveOptions } from './engine/observe/observe-options.js';
import { resolveMaxPayloadBytes } from './engine/runtime/payload-size.js';
import { createPinoLogger, logLevels } from './logging/pino-logger.js';
import type { DashboardOptions } from './engine/dashboard-options.js';

export { chain, Chain } from './canvas/chain.js';
export { chord, Chord } from './canvas/chord.js';
export { group, Group } from './canvas/group.js';
export { signature, Signature } from './canvas/signature.js';
export { chunks, xmap, xstarmap } from './canvas/map.js';
export { normalize } from './canvas/normalize.js';
export { defaultLimits, fromJSON, parseDocument, toJSON, workflowSchema } from './canvas/document/index.js';
export { bindParams } from './canvas/document/params-bind.js';
export { isParamReference, paramProblems, paramReferences } from './canvas/document/params.js';
export type { JsonSchema, TaskContract, TaskDefinition } from './engine/contracts/task-contract.js';
export type {
  ChainNodeDocument,
  ChordNodeDocument,
  DocumentLimits,
  DocumentMeta,
  DocumentOptions,
  GroupNodeDocument,
  TaskNodeDocument,
  WorkflowDocument,
  WorkflowNode,
} from './canvas/document/index.js';
export { plan } from './canvas/plan.js';
export type { Plan, PlannedNode, PlanTrace, ResolvedTaskOptions } from './canvas/plan.js';
export type { Canvas } from './canvas/canvas.js';
export type { ResultOf } from './canvas/types.js';
export type { Json } from './canvas/json.js';
export type { Backoff, TaskOptions } from './canvas/options.js';
export { CeleriacError, isCeleriacError, WorkflowValidationError } from './canvas/errors.js';
export type { ValidationProblem } from './canvas/errors.js';
export { TaskError } from './engine/errors/task-error.js';
export { ChordError } from './engine/errors/chord-error.js';
export { NotRegisteredError } from './engine/errors/not-registered-error.js';
export { RevokedError } from './engine/errors/revoked-error.js';
export { TimeoutError } from './engine/errors/timeout-error.js';
export { WorkflowIdConflictError } from './engine/errors/workflow-id-conflict-error.js';
export { WorkerCrashed } from './engine/errors/worker-crashed.js';
export { TimeLimitExceeded } from './engine/errors/time-limit-exceeded.js';
export { PayloadTooLarge } from './engine/errors/payload-too-large.js';
export type { HandlerPool, PoolKind } from './engine/pool/handler-pool.js';
export { App } from './engine/app.js';
export type { ApplyManyOptions, ApplyOptions } from './engine/app.js';
export type { AppOptions } from './adapters/select/app-options.js';
export type { DashboardHandle, DashboardOptions } from './engine/dashboard-options.js';
export { AsyncResult } from './engine/async-result.js';
export { Task } from './engine/task.js';
export { Worker } from './engine/runtime/worker.js';
export type { WorkerOptions } from './engine/runtime/worker.js';
export { currentTask, UnrecoverableError } from './engine/runtime/context.js';
export type { TaskContext } from './engine/runtime/context.js';
export type { FailureDescription } from './engine/machine/failure.js';
export type { NodeSnapshot } from './engine/async-result.js';
// The ports, for adapter authors: `new App(ports, adapter)` runs on any implementation of them.
export type {
  BeginResult,
  Broker,
  CatalogEntry,
  Clock,
  CommitResult,
  ConsumeOptions,
  Consumer,
  Delivery,
  DeliveryEnd,
  DeliveryHandler,
  EnqueueRequest,
  FailureData,
  IdGenerator,
  JoinSlot,
  LogFn,
  Logger,
  NodeRecord,
  Outcome,
  Ports,
  PublishedTask,
  RateLimit,
  RateLimiter,
  RecoverableStore,
  ResultStore,
  RevokeResult,
  Scheduler,
  ScheduleSpec,
  TaskCatalog,
  TaskMessage,
  TaskState,
  TriggerMessage,
  WorkflowRecord,
} from './engine/ports/index.js';
export { silentLogger } from './engine/ports/index.js';
export { consoleLogger } from './logging/console-logger.js';
export type { RedisClusterOption, RedisConnectionOption } from './adapters/redis/options.js';
export type { RevokeOptions } from './engine/capabilities/control/revoke.js';
export type { PurgeResult } from './engine/capabilities/control/queues.js';
// Seeing what runs: events, hooks, reporters, logs, metrics, inspect, workflow lists.
export { eventTypes, isEventType } from './engine/ports/events.js';
export type { CeleriacEvent, EventError, EventFilter, EventOf, EventStream, EventSubscription, EventType, ReadEventsOptions } from './engine/ports/events.js';
export type { Hook } from './engine/observe/hooks.js';
export type { Inspect, ScheduledTasks, WorkerInfo } from './engine/observe/inspect.js';
export type { WorkflowsQuery } from './engine/observe/observability.js';
export type { Reporter } from './engine/ports/reporter.js';
export type { ActiveTask, WorkerRecord, WorkerRegistry } from './engine/ports/worker-registry.js';
export type { DelayedTask, QueueInfo, QueueInspector, ScheduleInfo } from './engine/ports/queue-inspector.js';
export type { FailedNode, WorkflowLister, WorkflowPage, WorkflowQuery, WorkflowSummary } from './engine/ports/workflow-list.js';
export type { AppObservability } from './engine/observe/app-observability.js';
export { TaskStates } from './engine/ports/outcome.js';
export { emailReporter } from './reporters/email-reporter.js';
export type { EmailReporterOptions } from './reporters/email-reporter.js';
export { webhookReporter } from './reporters/webhook-reporter.js';
export type { WebhookReporterOptions } from './reporters/webhook-reporter.js';
export type { FailureReport } from './reporters/failure-report.js';
export { createPinoLogger } from './logging/pino-logger.js';
export type { LogFormat, PinoLoggerOptions } from './logging/pino-logger.js';

/**
 * Creates an app on Redis (when a URL is given, as an option or REDIS_URL) or in process memory.
 * @example
 * const app = createApp({ redis: 'redis://127.0.0.1:6379', prefix: 'myapp' });
 * const add = app.task('add', (x: number, y: number) => x + y);
 */
export function createApp(options: AppOptions = {}): App {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const logger = options.logger ?? createPinoLogger({ level: defaultLogLevel(), format: process.env.CELERIAC_LOG_FORMAT === 'pretty' ? 'pretty' : 'json' });
  const observe = resolveObserveOptions(options);
  const adapters = selectAdapters(options, { clock, logger });
  const { driver, close, events, registry, inspector, ...ports } = adapters;
  // Loaded on first use: an app that never serves its dashboard never loads the HTTP server.
  const dashboard = async (app: App, options: DashboardOptions) => (await import('./dashboard/server/serve-dashboard.js')).serveDashboard(app, options);
  return new App({ ...ports, clock, ids, logger }, { driver, close: () => close(), dashboard }, {
    ...(observe.events ? { stream: events, includeArgs: observe.events.includeArgs } : {}),
    registry,
    inspector,
    reporters: observe.reporters,
    localRegistry: driver === 'memory',
    maxPayloadBytes: resolveMaxPayloadBytes(options.maxPayloadBytes),
  });
}

/** `CELERIAC_LOG_LEVEL` when it names a pino level, else info. */
function defaultLogLevel(): (typeof logLevels)[number] {
  const level = process.env.CELERIAC_LOG_LEVEL;
  return (logLevels as readonly string[]).includes(level ?? '') ? (level as (typeof logLevels)[number]) : 'info';
}
