import { expect } from 'vitest';
import { WorkflowValidationError } from '../../canvas/errors.js';

/**
 * The WorkflowValidationError `call` throws; the test fails if it throws anything else, or nothing (then
 * with `accepted` as the reason: a function when the reason is costly to make, or cannot be made for every
 * input, such as a document that refers to itself).
 */
export function validationErrorOf(call: () => unknown, accepted: string | (() => string) = 'expected a WorkflowValidationError'): WorkflowValidationError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowValidationError);
    return error as WorkflowValidationError;
  }
  throw new Error(typeof accepted === 'string' ? accepted : accepted());
}
