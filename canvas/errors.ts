/**
 * Celeriac's errors, drawn once:
 *
 *   CeleriacError                      base class, with a typed `code` (thrown as such with UNAVAILABLE when Redis
 *   │                                  cannot be reached, or when the app closes while a caller waits)
 *   ├── WorkflowValidationError        a canvas, document or option is invalid; nothing was enqueued  (canvas/)
 *   ├── TaskError                      a task failed for good; carries taskName and remoteStack          (engine/errors/)
 *   │   ├── WorkerCrashed              the attempt's thread, process or worker died (or kept stalling)  (engine/errors/)
 *   │   └── TimeLimitExceeded          the attempt ran past its `timeout` (killed in a pool)              (engine/errors/)
 *   ├── ChordError                     a chord header member failed; the body never ran                  (engine/errors/)
 *   ├── NotRegisteredError             a worker was asked to run a task nobody registered                (engine/errors/)
 *   ├── PayloadTooLarge                arguments or a result above `maxPayloadBytes`                      (engine/errors/)
 *   ├── RevokedError                   the workflow was revoked or a task expired before it started      (engine/errors/)
 *   ├── TimeoutError                   waiting for a result took longer than asked                       (engine/errors/)
 *   └── WorkflowIdConflictError        a different canvas was applied under an existing workflow id      (engine/errors/)
 *
 * Errors cross process boundaries as plain data (`FailureData`) and are rebuilt on the reading side, so
 * recognise them with `isCeleriacError` (a brand) rather than `instanceof`, which breaks across package copies.
 */
const brand = Symbol.for('celeriac.error');

export type CeleriacErrorCode =
  | 'VALIDATION'
  | 'TASK_FAILED'
  | 'CHORD_FAILED'
  | 'NOT_REGISTERED'
  | 'REVOKED'
  | 'TIMEOUT'
  | 'UNAVAILABLE'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'NOT_FOUND';

export class CeleriacError extends Error {
  readonly [brand] = true;
  constructor(
    readonly code: CeleriacErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export function isCeleriacError(value: unknown): value is CeleriacError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: boolean })[brand] === true;
}

/** One problem in a workflow, a document or an option: where it is (a JSON pointer), what is wrong, how to fix it. */
export interface ValidationProblem {
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

export class WorkflowValidationError extends CeleriacError {
  readonly errors: readonly ValidationProblem[];
  /** `title` replaces the "Invalid workflow" heading, for an error about options rather than a workflow. */
  constructor(errors: readonly ValidationProblem[], title?: string) {
    super('VALIDATION', title === undefined ? formatProblems(errors) : `${title}: ${errors.map(formatOne).join('; ')}`);
    this.errors = errors;
  }
}

function formatOne(e: ValidationProblem): string {
  return `${e.message}${e.hint ? ` (${e.hint})` : ''}`;
}

function formatProblems(errors: readonly ValidationProblem[]): string {
  const lines = errors.map((e) => `  at ${e.path || '/'}: ${formatOne(e)}`);
  return `Invalid workflow, ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}

/**
 * Throws for a bad option of `scope` (`createApp`, `worker`, an adapter's factory): "Invalid createApp option
 * `prefix`: Expected ...". A WorkflowValidationError (code VALIDATION) like every other input problem.
 */
export function invalidOption(scope: string, name: string, message: string, hint?: string): never {
  const problem = hint === undefined ? { path: `/${name}`, message } : { path: `/${name}`, message, hint };
  throw new WorkflowValidationError([problem], `Invalid ${scope} option \`${name}\``);
}

/** Throws a WorkflowValidationError for a single problem. */
export function invalid(path: string, message: string, hint?: string): never {
  throw new WorkflowValidationError([hint === undefined ? { path, message } : { path, message, hint }]);
}
