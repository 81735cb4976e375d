import { fromJSON } from '../../../canvas/document/index.js';
import type { DocumentLimits } from '../../../canvas/document/index.js';
import type { ValidationProblem } from '../../../canvas/errors.js';
import { validationErrorOf } from '../validation-error.js';

/** The problems fromJSON reports for a document it must reject. */
export function problemsOf(doc: unknown, limits?: Partial<DocumentLimits>): readonly ValidationProblem[] {
  return validationErrorOf(() => fromJSON(doc, limits), () => `fromJSON accepted ${JSON.stringify(doc)}`).errors;
}
