import type { Json } from '../../canvas/json.js';
import { getNode, type Plan } from '../../canvas/plan.js';
import type { EnqueueRequest } from '../ports/broker.js';
import type { Outcome } from '../ports/outcome.js';
import type { Effect, NodeInput } from './effects.js';
import { startNode, withJoin } from './start.js';

/** A succeeded join member's value, recorded again as its join's part when the join runs again. */
export interface RejoinPart {
  readonly joinId: string;
  readonly index: number;
  readonly size: number;
  readonly value: Json;
}

/**
 * What `app.retry()` does to a FAILURE or REVOKED workflow, as effects: first `reopen` (the store forgets the
 * outcome of every node that did not succeed, and the workflow's own, atomically, only if no one else retried
 * it first), then the same run again from where it stopped, under run number `run`. Nodes that succeeded keep
 * their results and never run again: a chain goes on from its first step that did not succeed, with the
 * result of the step before it; a group or chord header runs again only its members that did not succeed; a
 * chord whose header all succeeded runs its body with the stored results in header order; a node whose
 * children all succeeded commits its result at once; a link whose node succeeded but that did not run is
 * started. Succeeded members of the joins that run again are recorded again as parts, in case the store let
 * the parts expire.
 */
export function onRetry(plan: Plan, outcomes: Readonly<Record<string, Outcome>>, run: number, now: number): Effect[] {
  const succeeded = (id: string) => outcomes[id]?.status === 'SUCCESS';
  const value = (id: string) => (outcomes[id] as Extract<Outcome, { status: 'SUCCESS' }>).value;

  const reset: string[] = [];
  const parts: RejoinPart[] = [];
  // Only what lies under nodes that did not succeed runs again; a succeeded node's subtree is left as it is.
  const collect = (id: string) => {
    if (succeeded(id)) return;
    reset.push(id);
    const node = getNode(plan, id);
    if (node.kind === 'task') return;
    if (node.kind === 'group' || node.kind === 'chord') {
      node.children.forEach((member, index) => succeeded(member) && parts.push({ joinId: id, index, size: node.children.length, value: value(member) }));
    }
    for (const child of node.kind === 'chord' ? [...node.children, node.body] : node.children) collect(child);
  };
  for (const node of Object.values(plan.nodes)) if (node.parent === null) collect(node.id);

  const resume = (id: string, input: NodeInput): Effect[] => {
    if (succeeded(id)) return [];
    const node = getNode(plan, id);
    const commit = (result: Json): Effect[] => [{ type: 'commit', nodeId: id, outcome: { status: 'SUCCESS', value: result }, ...withJoin(plan, id) }];
    switch (node.kind) {
      case 'task':
        return startNode(plan, id, input, now, run);
      case 'chain': {
        const next = node.children.findIndex((child) => !succeeded(child));
        if (next === -1) return commit(value(node.children[node.children.length - 1]!));
        return resume(node.children[next]!, next === 0 ? input : { value: value(node.children[next - 1]!) });
      }
      case 'group': {
        const pending = node.children.filter((member) => !succeeded(member));
        return pending.length === 0 ? commit(node.children.map(value)) : pending.flatMap((member) => resume(member, input));
      }
      case 'chord': {
        const pending = node.children.filter((member) => !succeeded(member));
        if (pending.length > 0) return pending.flatMap((member) => resume(member, input));
        return succeeded(node.body) ? commit(value(node.body)) : resume(node.body, { value: node.children.map(value) });
      }
    }
  };

  const effects: Effect[] = [resume(plan.root, plan.input === undefined ? undefined : { value: plan.input })].flat();
  for (const node of Object.values(plan.nodes)) {
    if (node.role === 'link' && node.trigger !== null && succeeded(node.trigger)) effects.push(...resume(node.id, { value: value(node.trigger) }));
  }
  // Every task that starts goes to the broker in one batch, after the reopen.
  const jobs: EnqueueRequest[] = effects.flatMap((effect) => (effect.type === 'enqueue' ? effect.jobs : []));
  return [{ type: 'reopen', run, reset, parts }, ...(jobs.length > 0 ? [{ type: 'enqueue' as const, jobs }] : []), ...effects.filter((effect) => effect.type !== 'enqueue')];
}
