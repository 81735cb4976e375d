import type { Plan } from '../../canvas/plan.js';
import { WorkflowIdConflictError } from '../errors/workflow-id-conflict-error.js';
import type { ResultStore } from '../ports/result-store.js';

/**
 * Stores plans applied under ids the caller chose, and says which to start. A plan already stored under an id
 * with the same fingerprint is that run: it is started again only while it has no outcome (START is
 * idempotent, so this repairs an apply that crashed between storing and sending), never re-run once ended.
 * Another fingerprint under a taken id throws WorkflowIdConflictError naming it; that check runs before
 * anything is stored, so a conflict found then leaves the whole batch unsent. Two processes racing to take
 * one id with different canvases: the store keeps the first, and the second caller gets `lost`, to throw once
 * it has started the others, so none is left PENDING.
 */
export async function claimIds(store: ResultStore, plans: readonly Plan[]): Promise<{ toStart: Plan[]; lost?: WorkflowIdConflictError }> {
  const unique = dedupe(plans);
  const before = await Promise.all(unique.map((plan) => store.loadPlan(plan.workflowId)));
  const taken = unique.filter((plan, i) => before[i] !== undefined && before[i]!.fingerprint !== plan.fingerprint);
  if (taken.length > 0) throw new WorkflowIdConflictError(taken[0]!.workflowId);
  await Promise.all(unique.map((plan, i) => (before[i] ? undefined : store.createWorkflow(plan))));
  const stored = await Promise.all(unique.map((plan, i) => before[i] ?? store.loadPlan(plan.workflowId)));
  const toStart: Plan[] = [];
  let lost: string | undefined;
  for (const [i, plan] of unique.entries()) {
    const mine = stored[i];
    if (!mine || mine.fingerprint !== plan.fingerprint) {
      lost ??= plan.workflowId;
      continue;
    }
    if (!before[i] || (await store.readWorkflow(plan.workflowId))?.outcome === undefined) toStart.push(mine);
  }
  return lost === undefined ? { toStart } : { toStart, lost: new WorkflowIdConflictError(lost) };
}

/** One plan per id; the same id twice in one batch must carry the same canvas. */
function dedupe(plans: readonly Plan[]): Plan[] {
  const byId = new Map<string, Plan>();
  for (const plan of plans) {
    const seen = byId.get(plan.workflowId);
    if (seen && seen.fingerprint !== plan.fingerprint) throw new WorkflowIdConflictError(plan.workflowId);
    if (!seen) byId.set(plan.workflowId, plan);
  }
  return [...byId.values()];
}
