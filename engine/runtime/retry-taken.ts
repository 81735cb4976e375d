/** A reopen found the workflow already reopened (another retry won) or no longer FAILURE or REVOKED: nothing after it is done. */
export class RetryTaken extends Error {
  constructor(readonly workflowId: string) {
    super(`Workflow ${workflowId} was not reopened: another retry started it first, or it is not FAILURE or REVOKED`);
    this.name = 'RetryTaken';
  }
}
