/**
 * Celeriac's public entry: createApp and the canvas builders, the result handle and the error classes.
 * This is the composition root: the only module (with cli.ts) that sees both the engine and the adapters.
 */
import { selectAdapters } from './adapters/select/select-adapters.js';
import type { AppOptions } from './adapters/select/app-options.js';
import { App } from './engine/app.js';
import { randomIds, systemClock } from './engine/ports/index.js';
import { resolveMaxPayloadBytes } from './engine/runtime/payload-size.js';
import { consoleLogger } from './logging/console-logger.js';
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
export type { Plan, PlannedNode, ResolvedTaskOptions } from './canvas/plan.js';
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

/**
 * Creates an app on Redis (when a URL is given, as an option or REDIS_URL) or in process memory.
 * @example
 * const app = createApp({ redis: 'redis://127.0.0.1:6379', prefix: 'myapp' });
 * const add = app.task('add', (x: number, y: number) => x + y);
 */
export function createApp(options: AppOptions = {}): App {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const logger = options.logger ?? consoleLogger();
  const adapters = selectAdapters(options, { clock, logger });
  const { driver, close, ...ports } = adapters;
  // Loaded on first use: an app that never serves its dashboard never loads the HTTP server.
  const dashboard = async (app: App, options: DashboardOptions) => (await import('./dashboard/server/serve-dashboard.js')).serveDashboard(app, options);
  return new App({ ...ports, clock, ids, logger }, { driver, close: () => close(), dashboard }, { maxPayloadBytes: resolveMaxPayloadBytes(options.maxPayloadBytes) });
}
