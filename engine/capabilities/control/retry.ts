import { CeleriacError } from '../../../canvas/errors.js';
import type { Plan } from '../../../canvas/plan.js';
import { step } from '../../machine/workflow-machine.js';
import type { Ports } from '../../ports/index.js';
import type { WorkflowDriver } from '../../runtime/driver.js';
import { redrive } from '../../runtime/redrive.js';
import { RetryTaken } from '../../runtime/retry-taken.js';

/**
 * Runs a FAILURE or REVOKED workflow again from the nodes that did not succeed, under the same id: the
 * machine's RETRY step decides what (see machine/resume.ts), the store's atomic reopen makes sure that of
 * retries racing, one starts it (the others resolve false, starting nothing), and every committed SUCCESS is
 * kept and never runs again. A workflow already reopened that succeeded is left as it is (a racing retry got
 * there first); one still running has its run re-driven (below). Throws for an unknown workflow (code NOT_FOUND) and for one that never
 * failed and is running or succeeded (code CONFLICT). Resolves true when this call started the new run.
 *
 * A process that dies between the reopen and sending the tasks leaves the workflow STARTED with nothing to
 * run: retrying it again re-drives that run (as `app.recover()` does any unfinished workflow on PostgreSQL).
 */
export async function retryWorkflow(ports: Pick<Ports, 'store' | 'clock'>, driver: WorkflowDriver, workflowId: string, plan: () => Promise<Plan | undefined>): Promise<boolean> {
  const { store, clock } = ports;
  const record = await store.readWorkflow(workflowId);
  const planned = record && (await plan());
  if (!record || !planned) throw new CeleriacError('NOT_FOUND', `No workflow ${workflowId} (unknown, or its results expired)`);
  const status = record.outcome?.status;
  if (status !== 'FAILURE' && status !== 'REVOKED') {
    // Reopened already: a racing caller's retry is running (or has ended), which is the run this caller asked
    // for. If it is still running, send again what that run needs (the same job ids, so a racing sender's jobs
    // are not doubled): a process that died between the reopen and sending its tasks left nothing queued.
    if ((record.run ?? 1) > 1) {
      if (status === undefined) await redrive(planned, await store.readOutcomes(workflowId), driver, clock.now(), record.run);
      return false;
    }
    throw new CeleriacError('CONFLICT', `Workflow ${workflowId} is ${record.state}: only a FAILURE or REVOKED workflow can be retried`);
  }
  const run = (record.run ?? 1) + 1;
  const outcomes = await store.readOutcomes(workflowId);
  try {
    for (const effect of step(planned, { type: 'RETRY', outcomes, run, now: clock.now() }).effects) await driver.perform(planned, effect, run);
  } catch (error) {
    if (error instanceof RetryTaken) return false;
    throw error;
  }
  return true;
}
