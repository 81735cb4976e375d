import { invalid } from './errors.js';
import { assertNode, CanvasNode, noExtras, type NodeExtras } from './node.js';

/**
 * Members run in parallel; the result is the list of their results in member order (`[]` for no members).
 * @example
 * group(add.s(1, 1), add.s(2, 2)) // [2, 4]
 */
export class Group extends CanvasNode {
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

/** `group(a, b)` or `group([a, b])`. */
export function group(...members: CanvasNode[] | [CanvasNode[]]): Group {
  const list = members.length === 1 && Array.isArray(members[0]) ? members[0] : (members as CanvasNode[]);
  return new Group(list);
}
