import type { Plan } from '../../canvas/plan.js';
import { withJoin } from '../machine/start.js';
import type { Outcome } from '../ports/outcome.js';
import type { WorkflowDriver } from './driver.js';

/**
 * Sends again whatever a workflow still needs, from its plan and stored outcomes alone: the entry tasks, and
 * for every outcome that was committed (not cascaded) the propagation that follows it. Every effect is
 * idempotent, so nodes that already ran are skipped when their messages arrive.
 */
export async function redrive(plan: Plan, outcomes: Readonly<Record<string, Outcome>>, driver: WorkflowDriver, now: number): Promise<void> {
  await driver.dispatch(plan, { type: 'START', input: plan.input === undefined ? undefined : { value: plan.input }, now });
  for (const [nodeId, outcome] of Object.entries(outcomes)) {
    if (outcome.cascaded || !plan.nodes[nodeId]) continue;
    await driver.perform(plan, { type: 'commit', nodeId, outcome, ...withJoin(plan, nodeId) });
  }
}
