import { invalid } from './errors.js';
import { Group } from './group.js';
import { assertNode, CanvasNode, noExtras, type NodeExtras } from './node.js';
import type { CheckedBody, InputOf, InputsOf, ResultOf, ResultsOf } from './types.js';

/**
 * A header of parallel members whose ordered results are the first argument of one body.
 * If a header member fails for good, the chord fails with a ChordError and the body never runs.
 * @example
 * chord([add.s(1, 1), add.s(2, 2)], xsum.s()) // xsum([2, 4]) = 6
 */
export class Chord<Result = unknown, Input = unknown> extends CanvasNode<Result, Input> {
  readonly kind = 'chord' as const;
  readonly header: readonly CanvasNode[];

  constructor(
    header: readonly CanvasNode[],
    readonly body: CanvasNode,
    extras: NodeExtras = noExtras,
  ) {
    super(extras);
    if (!Array.isArray(header)) invalid('/chord/header', 'A chord\'s header must be an array of nodes (or a group)');
    header.forEach((member, i) => assertNode(member, `chord/header/${i}`));
    if (body === undefined) invalid('/chord/body', 'A chord needs a body', 'chord([...header], body.s())');
    assertNode(body, 'chord/body');
    this.header = Object.freeze([...header]);
    Object.freeze(this);
  }

  protected withExtras(extras: NodeExtras): this {
    return new Chord(this.header, this.body, extras) as this;
  }
}

/**
 * `chord([a, b], body)` or `chord(group(a, b), body)`; a group's options become the chord's. Its result type
 * is the body's, and the compiler checks that the body's first parameter takes the header's results.
 * @example
 * chord([add.s(1, 1), add.s(2, 2)], xsum.s()) // Chord<number, number>, resolves to 6
 */
export function chord<const H extends readonly CanvasNode[], B extends CanvasNode>(header: H, body: B & CheckedBody<ResultsOf<H>, B>): Chord<ResultOf<B>, InputsOf<H>>;
export function chord<G extends Group, B extends CanvasNode>(header: G, body: B & CheckedBody<ResultOf<G>, B>): Chord<ResultOf<B>, InputOf<G>>;
export function chord(header: readonly CanvasNode[] | Group, body: CanvasNode): Chord {
  if (header instanceof Group) {
    if (header.links.length > 0 || header.errbacks.length > 0) {
      invalid('/chord/header', 'A group used as a chord header cannot have its own link or linkError', 'put the callbacks on the chord instead');
    }
    return new Chord(header.members, body, { ...noExtras, options: header.options });
  }
  return new Chord(header, body);
}
