import type { Json } from '../../canvas/json.js';
import type { PlannedChord, PlannedNode } from '../../canvas/plan.js';
import type { FailureData, Outcome } from '../ports/outcome.js';

/** The ChordError a chord ends with when header member `member` failed with `cause`. */
export function chordFailure(chord: PlannedChord, member: PlannedNode, cause: FailureData): FailureData {
  const taskName = cause.taskName;
  return {
    type: 'ChordError',
    message: `Chord ${chord.id} failed: header member ${member.index}${taskName ? ` (task '${taskName}')` : ''} failed with ${cause.errorName ?? cause.type}: ${cause.message}`,
    nodeId: chord.id,
    ...(taskName ? { taskName } : {}),
    failedMember: { nodeId: member.id, index: member.index, ...(taskName ? { taskName } : {}) },
    cause,
  };
}

/** What an errback receives as its first argument: a plain description of the failure. */
export type FailureDescription = {
  /** The node where the failure started (the task that threw). */
  readonly nodeId: string | null;
  readonly taskName: string | null;
  /** `TaskError`, `ChordError`, `NotRegisteredError`... */
  readonly type: string;
  /** The thrown error's own name (`TypeError`, `TimeLimitExceeded`...). */
  readonly errorName: string;
  readonly message: string;
  readonly stack: string | null;
};

export function describeFailure(failure: FailureData): Json {
  const origin = rootCause(failure);
  const description: FailureDescription = {
    nodeId: origin.nodeId ?? null,
    taskName: origin.taskName ?? null,
    type: failure.type,
    errorName: origin.errorName ?? origin.type,
    message: failure.message,
    stack: origin.remoteStack ?? null,
  };
  return description;
}

function rootCause(failure: FailureData): FailureData {
  return failure.cause ? rootCause(failure.cause) : failure;
}

/** The same outcome, without the cascaded mark: what a parent or the workflow ends with. */
export function uncascaded(outcome: Outcome): Outcome {
  if (!outcome.cascaded) return outcome;
  const { cascaded: _, ...rest } = outcome;
  return rest as Outcome;
}
