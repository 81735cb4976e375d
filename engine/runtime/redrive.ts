import type { Plan } from '../../canvas/plan.js';
import type { Outcome } from '../ports/outcome.js';
import type { WorkflowDriver } from './driver.js';

/**
 * Sends again whatever a workflow still needs, from its plan and stored outcomes alone (the machine's REDRIVE:
 * the entry tasks, and the propagation of every committed outcome). Every effect is idempotent, so nodes that
 * already ran are skipped when their messages arrive.
 */
export async function redrive(plan: Plan, outcomes: Readonly<Record<string, Outcome>>, driver: WorkflowDriver, now: number, run = 1): Promise<void> {
  await driver.dispatch(plan, { type: 'REDRIVE', outcomes, now, ...(run > 1 ? { run } : {}) });
}
