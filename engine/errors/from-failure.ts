import type { CeleriacError } from '../../canvas/errors.js';
import type { FailureData } from '../ports/outcome.js';
import { ChordError } from './chord-error.js';
import { NotRegisteredError } from './not-registered-error.js';
import { TaskError } from './task-error.js';
import { TimeLimitExceeded, timeLimitExceeded } from './time-limit-exceeded.js';
import { WorkerCrashed, workerCrashed } from './worker-crashed.js';

/** Rebuilds the error a reader sees from a failure stored as data. */
export function errorFromFailure(failure: FailureData): CeleriacError {
  const cause = failure.cause ? errorFromFailure(failure.cause) : undefined;
  switch (failure.type) {
    case 'ChordError':
      return new ChordError(failure.message, failure.failedMember ?? { nodeId: failure.nodeId ?? '?', index: -1 }, { cause });
    case 'NotRegisteredError':
      return new NotRegisteredError(failure.taskName ?? '?', failure.message);
    default:
      // The errors a runtime (not a handler) gives an attempt come back as their own classes.
      if (failure.errorName === workerCrashed && !cause) return new WorkerCrashed(failure.taskName ?? '?', failure.message, failure.remoteStack, failure.nodeId);
      if (failure.errorName === timeLimitExceeded && !cause) return new TimeLimitExceeded(failure.taskName ?? '?', failure.message, failure.remoteStack, failure.nodeId);
      return new TaskError(failure.taskName ?? '?', failure.message, failure.remoteStack, failure.errorName ?? failure.type, failure.nodeId, cause ? { cause } : undefined);
  }
}
