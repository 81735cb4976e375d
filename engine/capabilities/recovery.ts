import { CeleriacError } from '../../canvas/errors.js';
import { isRecoverable, type Ports } from '../ports/index.js';
import type { WorkflowDriver } from '../runtime/driver.js';
import type { PlanCache } from '../runtime/plan-cache.js';
import { redrive } from '../runtime/redrive.js';

/**
 * Re-drives every unfinished workflow of a durable store (`app.recover`): each one's REDRIVE step, which starts
 * it again and re-commits every outcome already stored. Idempotent, so running it twice changes nothing.
 */
export async function recover(ports: Ports, plans: PlanCache, driver: WorkflowDriver, options: { limit?: number } = {}): Promise<{ workflows: number }> {
  const { store, clock } = ports;
  if (!isRecoverable(store)) {
    throw new CeleriacError('VALIDATION', `recover needs a store that outlives the broker (PostgreSQL); this app's store cannot list unfinished workflows`);
  }
  const ids = await store.listUnfinished(options.limit);
  for (const id of ids) {
    const plan = await plans.get(id);
    // A retried workflow goes on in its own run, whose job ids the broker has not seen yet.
    if (plan) await redrive(plan, await store.readOutcomes(id), driver, clock.now(), (await store.readWorkflow(id))?.run ?? 1);
  }
  return { workflows: ids.length };
}
