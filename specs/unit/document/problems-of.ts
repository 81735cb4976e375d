import { expect } from 'vitest';
import { fromJSON } from '../../../canvas/document/index.js';
import type { DocumentLimits } from '../../../canvas/document/index.js';
import { WorkflowValidationError, type ValidationProblem } from '../../../canvas/errors.js';

/** The problems fromJSON reports for a document it must reject. */
export function problemsOf(doc: unknown, limits?: Partial<DocumentLimits>): readonly ValidationProblem[] {
  try {
    fromJSON(doc, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowValidationError);
    return (error as WorkflowValidationError).errors;
  }
  throw new Error(`fromJSON accepted ${JSON.stringify(doc)}`);
}
