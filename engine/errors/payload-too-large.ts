import { CeleriacError } from '../../canvas/errors.js';

/**
 * A task's arguments (or a workflow's input, or a result) serialise to more than `maxPayloadBytes`. Thrown by
 * `apply` before anything is stored; in a worker, the task fails with this error's name and is not retried.
 */
export class PayloadTooLarge extends CeleriacError {
  constructor(
    readonly taskName: string,
    /** `'arguments'`, `'result'` or `'input'`. */
    readonly what: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super('PAYLOAD_TOO_LARGE', payloadMessage(taskName, what, bytes, limit));
  }
}

export function payloadMessage(taskName: string, what: string, bytes: number, limit: number): string {
  const subject = what === 'input' ? 'The workflow input takes' : `Task '${taskName}': its ${what} ${what === 'arguments' ? 'take' : 'takes'}`;
  return `${subject} ${bytes} bytes as JSON, above \`maxPayloadBytes\` (${limit}); pass a reference to large data (a key, a URL) instead, or raise \`maxPayloadBytes\` in createApp()`;
}

export const payloadTooLarge = 'PayloadTooLarge';
