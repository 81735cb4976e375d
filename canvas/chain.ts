import { invalid } from './errors.js';
import { assertNode, CanvasNode, noExtras, type NodeExtras } from './node.js';
import type { CheckedSteps, InputOf, Last, ResultOf } from './types.js';

/**
 * Steps run one after another; each step's result is prepended to the next partial signature's arguments,
 * and the chain's result is the last step's.
 * @example
 * chain(add.s(2, 2), add.s(4), mul.s(8)) // ((2+2)+4)*8 = 64
 */
export class Chain<Result = unknown, Input = unknown> extends CanvasNode<Result, Input> {
  readonly kind = 'chain' as const;
  readonly steps: readonly CanvasNode[];

  constructor(steps: readonly CanvasNode[], extras: NodeExtras = noExtras) {
    super(extras);
    if (!Array.isArray(steps) || steps.length === 0) invalid('/chain', 'A chain needs at least one step', 'pass one or more signatures, or use group() for none');
    steps.forEach((step, i) => assertNode(step, `chain/${i}`));
    this.steps = Object.freeze([...steps]);
    Object.freeze(this);
  }

  protected withExtras(extras: NodeExtras): this {
    return new Chain(this.steps, extras) as this;
  }
}

/**
 * A chain of `steps`. Its result type is the last step's; the compiler checks that each step's result fits
 * the next partial signature's first parameter (an immutable signature takes anything).
 * @example
 * chain(add.s(2, 2), add.s(4), mul.s(8)) // Chain<number, number>, resolves to 64
 * chain(label.s(1), add.s(2))             // compile error if label returns a string and add takes numbers
 */
export function chain<const S extends readonly CanvasNode[]>(...steps: S & CheckedSteps<S>): Chain<ResultOf<Last<S>>, InputOf<S[0]>> {
  return new Chain(steps);
}
