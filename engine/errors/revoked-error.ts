import { CeleriacError } from '../../canvas/errors.js';

/** The workflow was revoked, or a task expired before it started. */
export class RevokedError extends CeleriacError {
  constructor(readonly reason: string) {
    super('REVOKED', `Workflow revoked: ${reason}`);
  }
}
