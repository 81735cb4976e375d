import type { Canvas } from '../../canvas/canvas.js';
import type { Json } from '../../canvas/json.js';
import { findNonJson } from '../../canvas/json.js';
import type { PlannedTask } from '../../canvas/plan.js';
import { contractViolation, inputViolation, outputViolation } from '../contracts/violations.js';
import type { FailureData } from '../ports/outcome.js';
import type { Clock } from '../ports/clock.js';
import type { RegisteredTask, TaskRegistry } from '../registry.js';
import { payloadMessage, payloadTooLarge } from '../errors/payload-too-large.js';
import { timeLimitExceeded } from '../errors/time-limit-exceeded.js';
import { describeThrown } from './describe-thrown.js';
import { jsonByteLength } from './json-size.js';
import { ReplaceRequest, RetryRequest, runWithContext, UnrecoverableError, type TaskContext } from './context.js';

export type AttemptResult =
  | { readonly ok: true; readonly value: Json }
  | { readonly ok: false; readonly failure: FailureData; readonly retryDelay?: number; readonly requested?: boolean }
  | { readonly ok: 'replaced'; readonly canvas: Canvas };

/** What else bounds an attempt, besides its task's `timeout`. */
export interface RunLimits {
  /** Aborting it aborts the handler's `signal` (a terminate, a shutdown); the attempt still ends when the handler does. */
  readonly signal?: AbortSignal;
  /** Rejects when the handler's own code crashed (an uncaught error attributed to it): the attempt ends with that. */
  readonly crashed?: Promise<never>;
  /** Arguments and the result must serialise to at most this many bytes of JSON. */
  readonly maxPayloadBytes?: number;
}

/**
 * Runs one attempt of a task's handler and reports how it ended, as data. It never throws: a handler's
 * error, a time limit, an unregistered name, a non-JSON result or arguments or a result that break the
 * task's contract all become a failure, whatever was thrown or returned (a throwing getter, a proxy).
 * A contract violation is not retried: the same input breaks it again.
 */
export async function runHandler(
  registry: TaskRegistry,
  node: PlannedTask,
  args: readonly Json[],
  context: Omit<TaskContext, 'signal' | 'retry' | 'replace'>,
  clock: Clock,
  limits: RunLimits = {},
): Promise<AttemptResult> {
  try {
    return await attempt(registry, node, args, context, clock, limits);
  } catch (error) {
    // Only a value that defeats every guard below lands here; it still ends as a failure.
    const thrown = describeThrown(error);
    return { ok: false, failure: { taskName: node.task, nodeId: node.id, type: 'TaskError', errorName: thrown.name, message: thrown.message } };
  }
}

async function attempt(
  registry: TaskRegistry,
  node: PlannedTask,
  args: readonly Json[],
  context: Omit<TaskContext, 'signal' | 'retry' | 'replace'>,
  clock: Clock,
  limits: RunLimits,
): Promise<AttemptResult> {
  const base = { taskName: node.task, nodeId: node.id };
  const registered = registry.get(node.task);
  if (!registered) {
    return {
      ok: false,
      failure: {
        ...base,
        type: 'NotRegisteredError',
        errorName: 'NotRegisteredError',
        message: `Task '${node.task}' is not registered in this worker; register it with app.task('${node.task}', handler) in the module the worker loads`,
        nonRetryable: true,
      },
    };
  }
  const refused = registered.input && inputViolation(node.task, registered.input, args);
  if (refused) return { ok: false, failure: { ...base, type: 'TaskError', errorName: contractViolation, message: refused, nonRetryable: true } };
  const limit = limits.maxPayloadBytes;
  if (limit !== undefined) {
    const bytes = jsonByteLength(args as Json[]);
    if (bytes > limit) return { ok: false, failure: { ...base, type: 'TaskError', errorName: payloadTooLarge, message: payloadMessage(node.task, 'arguments', bytes, limit), nonRetryable: true } };
  }
  const abort = new AbortController();
  const outer = limits.signal;
  const forward = () => abort.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  const full: TaskContext = {
    ...context,
    signal: abort.signal,
    retry(options) {
      throw new RetryRequest(options?.countdown, options?.error);
    },
    replace(canvas) {
      throw new ReplaceRequest(canvas);
    },
  };
  let cancelTimer = () => {};
  try {
    const ran = Promise.resolve().then(() => runWithContext(full, () => registered.handler.apply(full, args as never[])));
    const running = limits.crashed ? Promise.race([ran, limits.crashed]) : ran;
    const limited =
      node.options.timeout === null
        ? running
        : Promise.race([
            running,
            new Promise<never>((_, reject) => {
              const ms = node.options.timeout!;
              cancelTimer = clock.setTimer(ms, () => {
                abort.abort();
                reject(Object.assign(new Error(`Task '${node.task}' exceeded its time limit of ${ms} ms`), { name: timeLimitExceeded }));
              });
            }),
          ]);
    const returned: unknown = await limited;
    return checkedResult(returned, registered, base, limit);
  } catch (error) {
    if (isA(error, ReplaceRequest)) return { ok: 'replaced', canvas: error.canvas };
    if (isA(error, RetryRequest)) {
      const failure = failureOf(error.error ?? error, base);
      return error.countdown === undefined ? { ok: false, failure, requested: true } : { ok: false, failure, retryDelay: error.countdown, requested: true };
    }
    const failure = failureOf(error, base);
    return { ok: false, failure: isA(error, UnrecoverableError) ? { ...failure, nonRetryable: true } : failure };
  } finally {
    cancelTimer();
    outer?.removeEventListener('abort', forward);
  }
}

/** The handler's result as a JSON copy, or the failure that says why it cannot be one; never throws. */
function checkedResult(returned: unknown, registered: RegisteredTask, base: { taskName: string; nodeId: string }, limit: number | undefined): AttemptResult {
  const task = base.taskName;
  try {
    const bad = findNonJson(returned ?? null);
    if (bad) {
      return {
        ok: false,
        failure: {
          ...base,
          type: 'TaskError',
          errorName: 'NonJsonResult',
          message: `Task '${task}' returned a value that is not JSON (found ${bad.found} at ${bad.path || 'the top level'}); return plain objects, arrays, strings, finite numbers, booleans or null`,
          nonRetryable: true,
        },
      };
    }
    // A copy through JSON: what is stored is what was checked, even if a getter or a proxy answers differently next time.
    const text = JSON.stringify(returned ?? null);
    if (limit !== undefined && Buffer.byteLength(text) > limit) {
      return { ok: false, failure: { ...base, type: 'TaskError', errorName: payloadTooLarge, message: payloadMessage(task, 'result', Buffer.byteLength(text), limit), nonRetryable: true } };
    }
    const value = JSON.parse(text) as Json;
    const broken = registered.output && outputViolation(task, registered.output, value);
    if (broken) return { ok: false, failure: { ...base, type: 'TaskError', errorName: contractViolation, message: broken, nonRetryable: true } };
    return { ok: true, value };
  } catch (error) {
    const thrown = describeThrown(error);
    return { ok: false, failure: { ...base, type: 'TaskError', errorName: 'NonJsonResult', message: `Task '${task}' returned a value that cannot be read as JSON (${thrown.name}: ${thrown.message})`, nonRetryable: true } };
  }
}

/** `instanceof` that answers false for a value whose prototype cannot be read (a revoked proxy). */
function isA<T>(value: unknown, type: new (...args: never[]) => T): value is T {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

function failureOf(error: unknown, base: { taskName: string; nodeId: string }): FailureData {
  const thrown = describeThrown(error);
  if (thrown.isError) return { ...base, type: 'TaskError', errorName: thrown.name, message: thrown.message, ...(thrown.stack ? { remoteStack: thrown.stack } : {}) };
  return { ...base, type: 'TaskError', errorName: thrown.name, message: `Task '${base.taskName}' threw a non-Error value: ${thrown.message}` };
}
