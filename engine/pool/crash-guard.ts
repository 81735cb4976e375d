import { runningTask } from '../runtime/context.js';
import { describeThrown } from '../runtime/describe-thrown.js';

export type CrashKind = 'unhandledRejection' | 'uncaughtException';

/**
 * Told about an error no code caught, with the task it came from (`<workflowId>:<nodeId>`); returns true when
 * that task runs in the listener's pool (it then logs and fails that attempt).
 */
export type CrashListener = (error: unknown, kind: CrashKind, taskId: string) => boolean;

const listeners = new Map<CrashListener, (message: string) => void>();

function onError(kind: CrashKind) {
  return (error: unknown) => {
    // The task's async context follows its timers and promises, so the error is attributed to the task whose code raised it.
    const taskId = runningTask()?.taskId;
    if (taskId !== undefined) for (const listener of listeners.keys()) if (listener(error, kind, taskId)) return;
    const log = [...listeners.values()].at(-1);
    log?.(`${crashText(error, kind)}${taskId ? ` from task ${taskId}, which no longer runs` : ', not raised by a running task'}; the worker goes on`);
  };
}

const rejection = onError('unhandledRejection');
const exception = onError('uncaughtException');

/**
 * Keeps the process alive through unhandled rejections and uncaught exceptions while a worker runs handlers in
 * its own event loop, and tells each listener (each inline pool) which task they came from. Node's default is
 * to exit, which takes every running task down with the one that misbehaved. Returns the unsubscribe function;
 * the process handlers go when the last listener does.
 */
export function guardCrashes(listener: CrashListener, log: (message: string) => void): () => void {
  if (listeners.size === 0) {
    process.on('unhandledRejection', rejection);
    process.on('uncaughtException', exception);
  }
  listeners.set(listener, log);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      process.off('unhandledRejection', rejection);
      process.off('uncaughtException', exception);
    }
  };
}

/** One line for a log: what kind of error, its name and message. */
export function crashText(error: unknown, kind: CrashKind): string {
  const thrown = describeThrown(error);
  return `${kind === 'unhandledRejection' ? 'an unhandled promise rejection' : 'an uncaught exception'} (${thrown.name}: ${thrown.message})`;
}
