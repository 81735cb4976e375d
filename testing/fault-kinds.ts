/**
 * What can go wrong around a task, at the port boundary, in the order a delivery meets them:
 *   crashBeforeRun       the worker dies after the attempt began (node STARTED), before the handler ran
 *   crashBeforeCommit    the worker dies after the handler ran, before its outcome was committed: the handler
 *                        runs again, so every effect it had happens again (but `ctx.once` results are kept)
 *   crashBeforeOnceStored  the worker dies after a `ctx.once` function ran, before its result was stored:
 *                        the window `once` cannot close, so that function runs again
 *   crashAfterCommit     the worker dies right after a node's outcome was committed, before the workflow advanced
 *   crashWhileAdvancing  the worker dies after one of the calls that advance the workflow (sending the next
 *                        tasks, settling cancelled nodes, marking a retry, finishing the workflow)
 *   crashBeforeAck       the delivery was handled completely, but its acknowledgement is lost: it comes again
 *   duplicate            the job is delivered a second time after the first delivery finished
 *   lockExpiry           the job's lock expires while it runs: a second worker runs it at the same time
 *   delay                the delivery is held back (250 ms on the fake clock) while later jobs go ahead
 *   revoke               not a fault but a producer's call: the workflow is revoked right before a commit,
 *                        while workers go on (off unless named: it changes how the workflow ends)
 *   revokeTerminate      the same, with `terminate`: running handlers are told to stop
 * Crashes need no "before" variant for the advancing calls: nothing happens between two port calls of one
 * delivery, so a crash before a call is a crash after the call before it.
 */
export const faultKinds = [
  'crashBeforeRun',
  'crashBeforeCommit',
  'crashBeforeOnceStored',
  'crashAfterCommit',
  'crashWhileAdvancing',
  'crashBeforeAck',
  'duplicate',
  'lockExpiry',
  'delay',
  'revoke',
  'revokeTerminate',
] as const;
export type FaultKind = (typeof faultKinds)[number];

/** Kinds a schedule holds only when asked for by name: a revoke changes the outcome the fault-free run predicts. */
export const optInKinds: readonly FaultKind[] = ['revoke', 'revokeTerminate'];

/**
 * One fault: its kind, and where in the run it lands, from 0 (the first place this kind can happen) to just
 * under 1 (the last place the workflow's plan foresees: one per task attempt it may make, one per commit).
 */
export interface Fault {
  readonly kind: FaultKind;
  readonly at: number;
  /**
   * Lands among the places of redelivered deliveries only (a job delivered again after a crash or a lost
   * acknowledgement, a duplicate, a second worker's copy), counted in the order the run meets them, on the same
   * scale as the others: the faults the first faults of a schedule bring about. @default false
   */
  readonly redelivered?: boolean;
}

/** The faults of one run; everywhere else nothing goes wrong. */
export type FaultSchedule = readonly Fault[];

/** A fault as it happened in a run: its kind and, in words, where it landed. */
export interface InjectedFault {
  readonly kind: FaultKind;
  readonly where: string;
  /** It happened in a redelivered delivery (whichever way it was placed). */
  readonly redelivered?: boolean;
}

/** The kinds of place a fault lands on: a fault of each kind is counted among the places of its family. */
export type SiteFamily = 'begin' | 'commit' | 'once' | 'advance' | 'delivery';

export const familyOf: Readonly<Record<FaultKind, SiteFamily>> = {
  crashBeforeRun: 'begin',
  crashBeforeCommit: 'commit',
  crashBeforeOnceStored: 'once',
  crashAfterCommit: 'commit',
  crashWhileAdvancing: 'advance',
  crashBeforeAck: 'delivery',
  duplicate: 'delivery',
  lockExpiry: 'delivery',
  delay: 'delivery',
  revoke: 'commit',
  revokeTerminate: 'commit',
};

/** How long a `delay` fault holds a delivery back, on the fake clock. */
export const delayMs = 250;
