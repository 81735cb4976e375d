import type { Plan } from '../../canvas/plan.js';
import type { Outcome } from '../ports/outcome.js';
import type { Effect } from './effects.js';

/** What every node a revoke finds without an outcome ends with. */
export const revokedWithWorkflow: Outcome = { status: 'REVOKED', reason: 'workflow revoked', cascaded: true };

/**
 * A revoke: the store's revoked mark first (no task of the workflow begins from then on), then with
 * `terminate` the broadcast that aborts running handlers, then every node without an outcome settled
 * REVOKED, marked cascaded, so none is left PENDING (a chord's body, the steps after a running one) and a
 * late commit of a running task propagates nothing. All first-write-wins: a node that committed first keeps
 * its outcome, and revoking twice changes nothing.
 */
export function onRevoke(plan: Plan, terminate: boolean): Effect[] {
  return [
    { type: 'revoke' },
    ...(terminate ? [{ type: 'cancel' } as const] : []),
    { type: 'settleMany', nodeIds: Object.keys(plan.nodes), outcome: revokedWithWorkflow },
  ];
}
