import { CeleriacError } from '../../canvas/errors.js';

/** A chord header member failed for good, so the chord's body never ran. `failedMember` names the member. */
export class ChordError extends CeleriacError {
  constructor(
    message: string,
    readonly failedMember: { readonly nodeId: string; readonly index: number; readonly taskName?: string },
    options?: { cause?: unknown },
  ) {
    super('CHORD_FAILED', message, options);
  }
}
