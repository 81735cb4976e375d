import { CeleriacError } from '../../canvas/errors.js';

/** A task failed for good (retries spent). `message` is the handler's; `remoteStack` is the stack where it was thrown. */
export class TaskError extends CeleriacError {
  constructor(
    readonly taskName: string,
    message: string,
    readonly remoteStack: string | undefined,
    /** The thrown error's own name (`TypeError`, `MyError`, ...). */
    readonly errorName: string = 'Error',
    readonly nodeId?: string,
    options?: { cause?: unknown },
  ) {
    super('TASK_FAILED', message, options);
  }
}
