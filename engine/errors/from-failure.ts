import type { CeleriacError } from '../../canvas/errors.js';
import type { FailureData } from '../ports/outcome.js';
import { ChordError } from './chord-error.js';
import { NotRegisteredError } from './not-registered-error.js';
import { TaskError } from './task-error.js';

/** Rebuilds the error a reader sees from a failure stored as data. */
export function errorFromFailure(failure: FailureData): CeleriacError {
  const cause = failure.cause ? errorFromFailure(failure.cause) : undefined;
  switch (failure.type) {
    case 'ChordError':
      return new ChordError(failure.message, failure.failedMember ?? { nodeId: failure.nodeId ?? '?', index: -1 }, { cause });
    case 'NotRegisteredError':
      return new NotRegisteredError(failure.taskName ?? '?', failure.message);
    default:
      return new TaskError(failure.taskName ?? '?', failure.message, failure.remoteStack, failure.errorName ?? failure.type, failure.nodeId, cause ? { cause } : undefined);
  }
}
