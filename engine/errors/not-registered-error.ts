import { CeleriacError } from '../../canvas/errors.js';

/** A worker was asked to run a task that no `app.task()` registered in its process. */
export class NotRegisteredError extends CeleriacError {
  constructor(readonly taskName: string, message = `Task '${taskName}' is not registered in this worker; register it with app.task('${taskName}', handler) in the module given to --app`) {
    super('NOT_REGISTERED', message);
  }
}
