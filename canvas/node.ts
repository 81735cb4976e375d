import { invalid } from './errors.js';
import { validateOptions, type StoredOptions, type TaskOptions } from './options.js';

export type NodeKind = 'task' | 'chain' | 'group' | 'chord';

/** What every canvas node carries besides its shape: options, success callbacks and error callbacks. */
export interface NodeExtras {
  readonly options: StoredOptions;
  readonly links: readonly CanvasNode[];
  readonly errbacks: readonly CanvasNode[];
}

export const noExtras: NodeExtras = Object.freeze({ options: Object.freeze({}), links: Object.freeze([]), errbacks: Object.freeze([]) });

/** The compile-time types of a node: what it results in, and what it takes as its parent's result. */
export interface NodeTypes<Result, Input> {
  readonly result: Result;
  readonly input: Input;
}

/** The key of a type-only member: no node has it at run time. */
declare const nodeTypes: unique symbol;

/**
 * The immutable base of signatures, chains, groups and chords. `.set()`, `.link()` and `.linkError()`
 * return a new node and never change this one, so a canvas can be shared and reused safely.
 *
 * `Result` is the node's result type and `Input` the type of the parent result it takes (`unknown`: any, or
 * none); both exist for the compiler only (see `canvas/types.ts`), a node at run time is plain data.
 */
export abstract class CanvasNode<Result = unknown, Input = unknown> implements NodeExtras {
  declare readonly [nodeTypes]?: NodeTypes<Result, Input>;
  abstract readonly kind: NodeKind;
  readonly options: StoredOptions;
  readonly links: readonly CanvasNode[];
  readonly errbacks: readonly CanvasNode[];

  protected constructor(extras: NodeExtras) {
    this.options = extras.options;
    this.links = Object.freeze([...extras.links]);
    this.errbacks = Object.freeze([...extras.errbacks]);
  }

  /** Returns a copy with `options` merged over this node's own. On a chain, group or chord they are defaults for every task inside. */
  set(options: TaskOptions): this {
    const merged = validateOptions({ ...this.options, ...options });
    return this.withExtras({ ...this.extras(), options: merged });
  }

  /** Returns a copy that runs `callback` once after this node succeeds, with its result prepended unless `callback` is immutable. */
  link(callback: CanvasNode): this {
    assertNode(callback, 'link');
    return this.withExtras({ ...this.extras(), links: [...this.links, callback] });
  }

  /** Returns a copy that runs `errback` once if this node fails, with a description of the failure as its first argument. */
  linkError(errback: CanvasNode): this {
    assertNode(errback, 'linkError');
    return this.withExtras({ ...this.extras(), errbacks: [...this.errbacks, errback] });
  }

  protected extras(): NodeExtras {
    return { options: this.options, links: this.links, errbacks: this.errbacks };
  }

  protected abstract withExtras(extras: NodeExtras): this;
}

export function isCanvasNode(value: unknown): value is CanvasNode {
  return value instanceof CanvasNode;
}

export function assertNode(value: unknown, where: string): asserts value is CanvasNode {
  if (!isCanvasNode(value)) {
    invalid(`/${where}`, `Expected a signature, chain, group or chord, got ${value === null ? 'null' : typeof value}`, 'build one with task.s(...), chain(...), group(...) or chord(...)');
  }
}
