/**
 * Celeriac's public entry: createApp and the canvas builders, the result handle and the error classes.
 * This is the composition root: the only module (with cli.ts) that sees both the engine and the adapters.
 */
import { createMemoryAdapter } from './adapters/memory/index.js';
import { createPostgresStore } from './adapters/postgres/index.js';
import { createRedisAdapter } from './adapters/redis/index.js';
import { App } from './engine/app.js';
import { resolveAppOptions, type AppOptions } from './engine/app-options.js';
import { systemClock } from './engine/ports/clock.js';
import { randomIds } from './engine/ports/ids.js';

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
export type { Json } from './canvas/json.js';
export type { Backoff, TaskOptions } from './canvas/options.js';
export { CeleriacError, isCeleriacError, WorkflowValidationError } from './canvas/errors.js';
export type { ValidationProblem } from './canvas/errors.js';
export { TaskError } from './engine/errors/task-error.js';
export { ChordError } from './engine/errors/chord-error.js';
export { NotRegisteredError } from './engine/errors/not-registered-error.js';
export { RevokedError } from './engine/errors/revoked-error.js';
export { TimeoutError } from './engine/errors/timeout-error.js';
export { App } from './engine/app.js';
export type { ApplyOptions } from './engine/app.js';
export type { AppOptions } from './engine/app-options.js';
export { AsyncResult } from './engine/async-result.js';
export { Task } from './engine/task.js';
export { Worker } from './engine/runtime/worker.js';
export type { WorkerOptions } from './engine/runtime/worker.js';
export { currentTask, UnrecoverableError } from './engine/runtime/context.js';
export type { TaskContext } from './engine/runtime/context.js';
export type { Outcome, FailureData, TaskState } from './engine/outcome.js';
export type { FailureDescription } from './engine/machine/failure.js';
export type { NodeSnapshot } from './engine/async-result.js';
export type { Clock } from './engine/ports/clock.js';
export type { IdGenerator } from './engine/ports/ids.js';

/**
 * Creates an app on Redis (when a URL is given, as an option or REDIS_URL) or in process memory.
 * @example
 * const app = createApp({ redis: 'redis://127.0.0.1:6379', prefix: 'myapp' });
 * const add = app.task('add', (x: number, y: number) => x + y);
 */
export function createApp(options: AppOptions = {}): App {
  const resolved = resolveAppOptions(options);
  const clock = resolved.clock ?? systemClock;
  const ids = resolved.ids ?? randomIds;
  const transport =
    resolved.driver === 'memory'
      ? createMemoryAdapter({ clock })
      : createRedisAdapter({
          url: resolved.redis!,
          prefix: resolved.prefix,
          resultTtlSeconds: resolved.resultTtlSeconds,
          lockDurationMs: resolved.lockDurationMs,
          stalledIntervalMs: resolved.stalledIntervalMs,
          connectTimeoutMs: resolved.connectTimeoutMs,
        });
  // The transport's own store opens no connection until used, so leaving it unused costs nothing.
  const durable =
    resolved.store === 'postgres'
      ? createPostgresStore({ url: resolved.postgres!, resultTtlSeconds: resolved.resultTtlSeconds, ...(resolved.postgresSchema ? { schema: resolved.postgresSchema } : {}) })
      : undefined;
  const store = durable ?? transport.store;
  const close = async () => {
    await transport.close();
    await durable?.close();
  };
  return new App({ store, broker: transport.broker, clock, ids }, { driver: resolved.driver, close });
}
