/**
 * `celeriac/testing`: property tests of your own workflows against crashes, duplicate deliveries, lock
 * expiries and delays, on the memory driver with a fake clock and no Redis. Built on fast-check.
 * This is a second composition root (like index.ts): it composes the engine with the memory adapter, and
 * nothing but specs and examples may import it.
 * @example
 * // checkWorkflow, createTestApp and faults come from celeriac/testing
 * const app = createTestApp();
 * const charge = app.task('charge', async function (order: string) {
 *   return payments.charge(order, { idempotencyKey: this.idempotencyKey });
 * });
 * await checkWorkflow(app, charge.s('o-1'), { runs: 500, faults: faults({ crashBeforeCommit: true, duplicate: true }) });
 */
export { checkWorkflow } from './check-workflow.js';
export type { CheckOptions, CheckReport } from './check-workflow.js';
export { checkRun } from './checks.js';
export type { ExpectedOutcome } from './checks.js';
export { createTestApp, TestApp } from './test-app.js';
export type { RunOptions, TestAppOptions } from './test-app.js';
export { faults, resolveFaultOptions } from './faults.js';
export type { FaultOptions, ResolvedFaultOptions } from './faults.js';
export { faultKinds } from './fault-kinds.js';
export type { Fault, FaultKind, FaultSchedule, InjectedFault } from './fault-kinds.js';
export type { WorkflowRun } from './workflow-run.js';
export type { Scheduler } from './interleaving.js';
export { FakeClock, settle } from './fake-clock.js';
export type { Clock } from '../engine/ports/clock.js';
export type { NodeRecord, ResultStore } from '../engine/ports/result-store.js';
