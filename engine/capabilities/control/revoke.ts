import type { Plan } from '../../../canvas/plan.js';
import type { Outcome } from '../../ports/outcome.js';
import type { ResultStore } from '../../ports/result-store.js';
import type { WorkflowDriver } from '../../runtime/driver.js';

export interface RevokeOptions {
  /**
   * Also abort the `signal` of every handler of the workflow running now, on whichever worker runs it (within
   * about a second). Without it, running handlers finish and their results are discarded.
   * @default false
   */
  readonly terminate?: boolean;
}

/**
 * Revokes a workflow through the machine's REVOKE step (see machine/revoke.ts): the store's revoked mark, with
 * `terminate` the broadcast that aborts running handlers, then every node without an outcome settled REVOKED.
 * Returns the workflow's outcome now stored (REVOKED unless it had already ended), or undefined for an unknown
 * workflow.
 */
export async function revokeWorkflow(store: ResultStore, driver: WorkflowDriver, workflowId: string, plan: () => Promise<Plan | undefined>, options: RevokeOptions = {}): Promise<Outcome | undefined> {
  const planned = await plan();
  if (!planned) return undefined;
  await driver.dispatch(planned, { type: 'REVOKE', terminate: options.terminate === true });
  return (await store.readWorkflow(workflowId))?.outcome;
}
