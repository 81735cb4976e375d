import { getNode, type Plan } from '../../canvas/plan.js';
import type { JoinSlot } from '../ports/result-store.js';

/** The join a node's result is a part of: its group, or its chord's header. Chain steps and bodies have none. */
export function joinOf(plan: Plan, nodeId: string): JoinSlot | undefined {
  const node = getNode(plan, nodeId);
  if (node.parent === null) return undefined;
  const parent = getNode(plan, node.parent);
  if (parent.kind === 'group' || (parent.kind === 'chord' && node.role === 'header')) {
    return { joinId: parent.id, index: node.index, size: parent.children.length };
  }
  return undefined;
}
