import { UnrecoverableError } from 'bullmq';
import type { DeliveryEnd } from '../../engine/ports/index.js';

/**
 * Thrown from a job's processor once the engine has committed the task's FAILURE, so that BullMQ records the
 * job as failed in its own terms (bull-board's Failed tab, `getFailed`, `failedReason`, `stacktrace`). As an
 * UnrecoverableError it is never retried by BullMQ's `attempts`, which are kept for infrastructure errors:
 * the task's own retries are the engine's, each a job of its own.
 */
export class TaskFailedForGood extends UnrecoverableError {
  constructor(end: DeliveryEnd) {
    super(`${end.task ? `Task '${end.task}' failed: ` : ''}${end.error?.type ?? 'Error'}: ${end.error?.message ?? ''}`);
    // The job's stack trace is the task's, not this adapter's.
    if (end.error?.stack) this.stack = end.error.stack;
  }
}
