import { invalid } from './errors.js';
import { assertNode, CanvasNode, noExtras, type NodeExtras } from './node.js';
import type { InputsOf, ResultsOf } from './types.js';

/**
 * Members run in parallel; the result is the list of their results in member order (`[]` for no members).
 * @example
 * group(add.s(1, 1), add.s(2, 2)) // [2, 4]
 */
export class Group<Result = unknown, Input = unknown> extends CanvasNode<Result, Input> {
  readonly kind = 'group' as const;
  readonly members: readonly CanvasNode[];

  constructor(members: readonly CanvasNode[], extras: NodeExtras = noExtras) {
    super(extras);
    if (!Array.isArray(members)) invalid('/group', 'A group\'s members must be an array');
    members.forEach((member, i) => assertNode(member, `group/${i}`));
    this.members = Object.freeze([...members]);
    Object.freeze(this);
  }

  protected withExtras(extras: NodeExtras): this {
    return new Group(this.members, extras) as this;
  }
}

/**
 * `group(a, b)` or `group([a, b])`. Its result type is the tuple of its members' results (an array for an
 * array of members); after a step, it takes what every member takes.
 * @example
 * group(add.s(1, 1), add.s(2, 2)) // Group<[number, number], number>, resolves to [2, 4]
 */
export function group<const M extends readonly CanvasNode[]>(members: M): Group<ResultsOf<M>, InputsOf<M>>;
export function group<const M extends readonly CanvasNode[]>(...members: M): Group<ResultsOf<M>, InputsOf<M>>;
export function group(...members: CanvasNode[] | [readonly CanvasNode[]]): Group {
  const list = members.length === 1 && Array.isArray(members[0]) ? members[0] : (members as CanvasNode[]);
  return new Group(list);
}
