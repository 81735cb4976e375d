import { CeleriacError } from '../../canvas/errors.js';

/** `app.apply(canvas, { id })` found a different canvas (or input) already applied under `id`; nothing was sent. */
export class WorkflowIdConflictError extends CeleriacError {
  constructor(readonly workflowId: string) {
    super(
      'CONFLICT',
      `Workflow id '${workflowId}' is already taken by a different canvas or input; applying the same canvas and input under it returns that run, another canvas needs another id`,
    );
  }
}
