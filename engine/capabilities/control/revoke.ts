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

/** The id of the workflow that replaces task `nodeId` of `workflowId` (`ctx.replace`), if it ever did. */
export function replacementId(workflowId: string, nodeId: string): string {
  return `${workflowId}~${nodeId}`;
}

/** How many replacements are looked up at once: a revoke of a chord of 100,000 must not send 100,000 reads in one go. */
const lookupsAtOnce = 200;

/**
 * Revokes a workflow through the machine's REVOKE step (see machine/revoke.ts): the store's revoked mark, with
 * `terminate` the broadcast that aborts running handlers, then every node without an outcome settled REVOKED.
 * Then the same for the workflows that replaced its unfinished tasks (`ctx.replace`), and theirs: a replaced
 * task waits for its replacement, which would otherwise run on after its parent was revoked.
 * Returns the workflow's outcome now stored (REVOKED unless it had already ended), or undefined for an unknown
 * workflow.
 */
export async function revokeWorkflow(store: ResultStore, driver: WorkflowDriver, workflowId: string, plans: (id: string) => Promise<Plan | undefined>, options: RevokeOptions = {}): Promise<Outcome | undefined> {
  const planned = await plans(workflowId);
  if (!planned) return undefined;
  // Read before the revoke settles them: the tasks still open are those a replacement may stand for.
  const outcomes = await store.readOutcomes(workflowId);
  const open = Object.values(planned.nodes).filter((node) => node.kind === 'task' && outcomes[node.id] === undefined);
  await driver.dispatch(planned, { type: 'REVOKE', terminate: options.terminate === true });
  for (let i = 0; i < open.length; i += lookupsAtOnce) {
    await Promise.all(
      open.slice(i, i + lookupsAtOnce).map(async (node) => {
        const child = replacementId(workflowId, node.id);
        if (await store.readWorkflow(child)) await revokeWorkflow(store, driver, child, plans, options);
      }),
    );
  }
  return (await store.readWorkflow(workflowId))?.outcome;
}
