import type { Canvas } from '../../canvas/canvas.js';
import type { Json } from '../../canvas/json.js';
import { findNonJson } from '../../canvas/json.js';
import type { PlannedTask } from '../../canvas/plan.js';
import { contractViolation, inputViolation, outputViolation } from '../contracts/violations.js';
import type { FailureData } from '../ports/outcome.js';
import type { Clock } from '../ports/clock.js';
import type { TaskRegistry } from '../registry.js';
import { ReplaceRequest, RetryRequest, runWithContext, UnrecoverableError, type TaskContext } from './context.js';

export type AttemptResult =
  | { readonly ok: true; readonly value: Json }
  | { readonly ok: false; readonly failure: FailureData; readonly retryDelay?: number; readonly requested?: boolean }
  | { readonly ok: 'replaced'; readonly canvas: Canvas }
  /** `cancel` was aborted (the workflow was revoked with terminate): the handler's signal was aborted and its end is not awaited. */
  | { readonly ok: 'cancelled' };

/** Thrown into the race when `cancel` aborts. */
class Cancelled extends Error {}

/**
 * Runs one attempt of a task's handler and reports how it ended, as data. It never throws: a handler's
 * error, a time limit, an unregistered name, a non-JSON result or arguments or a result that break the
 * task's contract all become a failure. A contract violation is not retried: the same input breaks it again.
 * When `cancel` aborts, the handler's own `signal` is aborted and the attempt ends `cancelled` at once; a
 * handler that ignores its signal runs on unseen (only a pool can kill it).
 */
export async function runHandler(
  registry: TaskRegistry,
  node: PlannedTask,
  args: readonly Json[],
  context: Omit<TaskContext, 'signal' | 'retry' | 'replace'>,
  clock: Clock,
  cancel?: AbortSignal,
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
  const abort = new AbortController();
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
  let stopListening = () => {};
  try {
    if (cancel?.aborted) return { ok: 'cancelled' };
    const running = Promise.resolve().then(() => runWithContext(full, () => registered.handler.apply(full, args as never[])));
    const racers: Promise<unknown>[] = [running];
    if (node.options.timeout !== null) {
      racers.push(
        new Promise<never>((_, reject) => {
          const ms = node.options.timeout!;
          cancelTimer = clock.setTimer(ms, () => {
            abort.abort();
            reject(Object.assign(new Error(`Task '${node.task}' exceeded its time limit of ${ms} ms`), { name: 'TimeLimitExceeded' }));
          });
        }),
      );
    }
    if (cancel) {
      racers.push(
        new Promise<never>((_, reject) => {
          const onAbort = () => {
            abort.abort(cancel.reason);
            reject(new Cancelled());
          };
          cancel.addEventListener('abort', onAbort, { once: true });
          stopListening = () => cancel.removeEventListener('abort', onAbort);
        }),
      );
    }
    // A handler that rejects after losing the race must not surface as an unhandled rejection.
    running.catch(() => undefined);
    const value = ((racers.length === 1 ? await running : await Promise.race(racers)) ?? null) as unknown;
    const bad = findNonJson(value);
    if (bad) {
      return {
        ok: false,
        failure: {
          ...base,
          type: 'TaskError',
          errorName: 'NonJsonResult',
          message: `Task '${node.task}' returned a value that is not JSON (found ${bad.found} at ${bad.path || 'the top level'}); return plain objects, arrays, strings, finite numbers, booleans or null`,
          nonRetryable: true,
        },
      };
    }
    const broken = registered.output && outputViolation(node.task, registered.output, value as Json);
    if (broken) return { ok: false, failure: { ...base, type: 'TaskError', errorName: contractViolation, message: broken, nonRetryable: true } };
    return { ok: true, value: value as Json };
  } catch (error) {
    if (error instanceof Cancelled) return { ok: 'cancelled' };
    if (error instanceof ReplaceRequest) return { ok: 'replaced', canvas: error.canvas };
    if (error instanceof RetryRequest) {
      const failure = failureOf(error.error ?? error, base);
      return error.countdown === undefined ? { ok: false, failure, requested: true } : { ok: false, failure, retryDelay: error.countdown, requested: true };
    }
    const failure = failureOf(error, base);
    return { ok: false, failure: error instanceof UnrecoverableError ? { ...failure, nonRetryable: true } : failure };
  } finally {
    cancelTimer();
    stopListening();
  }
}

function failureOf(error: unknown, base: { taskName: string; nodeId: string }): FailureData {
  if (error instanceof Error) {
    return { ...base, type: 'TaskError', errorName: error.name, message: error.message, ...(error.stack ? { remoteStack: error.stack } : {}) };
  }
  return { ...base, type: 'TaskError', errorName: 'NonErrorThrown', message: `Task '${base.taskName}' threw a non-Error value: ${String(error)}` };
}
