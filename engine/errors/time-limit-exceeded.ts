import { TaskError } from './task-error.js';

/**
 * The attempt ran past its task's `timeout`: its `signal` was aborted then, and in a thread or process pool a
 * handler still running `terminateGraceMs` later was killed. Retried per `retries`.
 */
export class TimeLimitExceeded extends TaskError {
  constructor(taskName: string, message: string, remoteStack?: string, nodeId?: string) {
    super(taskName, message, remoteStack, 'TimeLimitExceeded', nodeId);
  }
}

export const timeLimitExceeded = 'TimeLimitExceeded';
