import { CeleriacError } from '../../canvas/errors.js';

/** Waiting for a result (`get({ timeout })`) took longer than asked. The workflow itself goes on. */
export class TimeoutError extends CeleriacError {
  constructor(readonly workflowId: string, readonly timeoutMs: number) {
    super('TIMEOUT', `Workflow ${workflowId} did not finish within ${timeoutMs} ms (it is still running; call get() again to keep waiting)`);
  }
}
