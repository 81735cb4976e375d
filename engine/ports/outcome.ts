import type { Json } from '../../canvas/json.js';

/**
 * A failure as plain data, so it can cross process boundaries and be rebuilt as an error on the reading side
 * (Temporal's ApplicationFailure). `type` is the error class name (`TaskError`, `ChordError`, ...).
 */
export interface FailureData {
  readonly type: string;
  readonly message: string;
  /** The error's own name as thrown by the handler (`TypeError`, `MyError`...), when it came from a handler. */
  readonly errorName?: string;
  readonly taskName?: string;
  /** The node where the failure happened. */
  readonly nodeId?: string;
  readonly remoteStack?: string;
  /** True when retrying cannot help (unregistered task, non-JSON result, ...). */
  readonly nonRetryable?: boolean;
  /** For a ChordError: the header member that failed. */
  readonly failedMember?: { readonly nodeId: string; readonly index: number; readonly taskName?: string };
  readonly cause?: FailureData;
}

/** The committed end of a node. `cascaded` marks outcomes written for a node because of another node's end (it never ran). */
export type Outcome =
  | { readonly status: 'SUCCESS'; readonly value: Json; readonly cascaded?: boolean }
  | { readonly status: 'FAILURE'; readonly failure: FailureData; readonly cascaded?: boolean }
  | { readonly status: 'REVOKED'; readonly reason: string; readonly cascaded?: boolean };

export const TaskStates = ['PENDING', 'STARTED', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED'] as const;
export type TaskState = (typeof TaskStates)[number];

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
