import { TaskError } from './task-error.js';

/**
 * The attempt's thread or process died under it (an unhandled rejection, `process.exit`, out of memory), or its
 * job kept coming back from workers that crashed or stalled. Retried per `retries` like any failure, except
 * when the job stalled more than `maxStalls` times: then it fails its node at once.
 */
export class WorkerCrashed extends TaskError {
  constructor(taskName: string, message: string, remoteStack?: string, nodeId?: string) {
    super(taskName, message, remoteStack, 'WorkerCrashed', nodeId);
  }
}

/** The error name a failure carries when its attempt crashed its worker. */
export const workerCrashed = 'WorkerCrashed';
