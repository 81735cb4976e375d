import { descendants, getNode, type Plan, type PlannedNode } from '../../canvas/plan.js';
import type { Json } from '../../canvas/json.js';
import type { Outcome } from '../ports/outcome.js';
import type { Effect } from './effects.js';
import { chordFailure, describeFailure, uncascaded } from './failure.js';
import { startNode, withJoin } from './start.js';

/**
 * Effects that follow a node's committed outcome: its link or errback callbacks, then what its parent does
 * (start the next step, complete the join, start the chord body, or fail and cancel what has not run).
 * `parts` is set when this node's commit completed its parent's join; `ended` when the root's commit also
 * ended the workflow (then there is nothing left to finish).
 */
export function onSettled(plan: Plan, nodeId: string, outcome: Outcome, parts: Json[] | undefined, now: number, run = 1, ended = false): Effect[] {
  const node = getNode(plan, nodeId);
  const effects: Effect[] = callbacks(plan, node, outcome, now, run);
  if (node.parent === null) {
    if (node.role === 'root') {
      if (!ended) effects.push({ type: 'finish', outcome: uncascaded(outcome) });
      if (plan.continuation) effects.push({ type: 'continue', ...plan.continuation, outcome: uncascaded(outcome) });
    }
    return effects;
  }
  const parent = getNode(plan, node.parent);
  const settleParent = (o: Outcome): Effect => ({ type: 'commit', nodeId: parent.id, outcome: uncascaded(o), ...withJoin(plan, parent.id) });
  switch (parent.kind) {
    case 'task':
      throw new Error(`Task node ${parent.id} cannot have children`);
    case 'chain': {
      const later = parent.children.slice(node.index + 1);
      if (outcome.status === 'SUCCESS') {
        if (later.length > 0) effects.push(...startNode(plan, later[0]!, { value: outcome.value }, now, run));
        else effects.push(settleParent(outcome));
      } else {
        effects.push(cascade(plan, later, outcome), settleParent(outcome));
      }
      return effects;
    }
    case 'group':
      if (outcome.status === 'SUCCESS') {
        if (parts) effects.push(settleParent({ status: 'SUCCESS', value: parts }));
      } else {
        effects.push(cascade(plan, siblings(parent.children, node.id), { status: 'REVOKED', reason: `cancelled: group member ${node.index} did not succeed` }), settleParent(outcome));
      }
      return effects;
    case 'chord': {
      if (node.role === 'body') {
        effects.push(settleParent(outcome));
      } else if (outcome.status === 'SUCCESS') {
        if (parts) effects.push(...startNode(plan, parent.body, { value: parts }, now, run));
      } else {
        const ended: Outcome = outcome.status === 'FAILURE' ? { status: 'FAILURE', failure: chordFailure(parent, node, outcome.failure) } : outcome;
        effects.push(
          cascade(plan, siblings(parent.children, node.id), { status: 'REVOKED', reason: `cancelled: chord header member ${node.index} did not succeed` }),
          cascade(plan, [parent.body], ended),
          settleParent(ended),
        );
      }
      return effects;
    }
  }
}

function callbacks(plan: Plan, node: PlannedNode, outcome: Outcome, now: number, run: number): Effect[] {
  if (outcome.status === 'SUCCESS') return node.links.flatMap((id) => startNode(plan, id, { value: outcome.value }, now, run));
  if (outcome.status === 'FAILURE') return node.errbacks.flatMap((id) => startNode(plan, id, { value: describeFailure(outcome.failure) }, now, run));
  return [];
}

/** The nodes and everything below them get `outcome` (if they have none), marked as cascaded. */
function cascade(plan: Plan, roots: readonly string[], outcome: Outcome): Effect {
  const nodeIds = roots.flatMap((id) => [id, ...descendants(plan, id)]);
  return { type: 'settleMany', nodeIds, outcome: { ...uncascaded(outcome), cascaded: true } as Outcome };
}

function siblings(children: readonly string[], self: string): string[] {
  return children.filter((id) => id !== self);
}
