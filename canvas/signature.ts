import { invalid } from './errors.js';
import { findNonJson, frozenCopy, type Json } from './json.js';
import { CanvasNode, noExtras, type NodeExtras } from './node.js';

/**
 * A task call as a value: the task's name, its arguments and options. A partial signature (`task.s(...)`)
 * receives its parent's result as its first argument; an immutable one (`task.si(...)`) does not.
 * @example
 * const sig = add.s(2).set({ countdown: 500 }); // add(parentResult, 2), half a second later
 */
export class Signature<Result = unknown, Input = unknown> extends CanvasNode<Result, Input> {
  readonly kind = 'task' as const;

  constructor(
    readonly task: string,
    readonly args: readonly Json[],
    readonly immutable: boolean,
    extras: NodeExtras = noExtras,
  ) {
    super(extras);
    if (typeof task !== 'string' || task.length === 0) invalid('/task', 'A signature needs a task name', 'pass the name given to app.task()');
    if (!Array.isArray(args)) invalid('/args', 'A signature\'s arguments must be an array');
    const bad = findNonJson(args);
    if (bad) {
      invalid(`/args${bad.path}`, `Argument of task '${task}' is not a JSON value: found ${bad.found}`, 'arguments travel as JSON; pass plain objects, arrays, strings, finite numbers, booleans or null');
    }
    this.args = frozenCopy(args as Json[]);
    Object.freeze(this);
  }

  protected withExtras(extras: NodeExtras): this {
    return new Signature(this.task, this.args, this.immutable, extras) as this;
  }
}

/** A partial signature by task name, for tasks registered elsewhere (Celery's `signature('name', args)`). Untyped: its result is any JSON. */
export function signature(task: string, args: readonly Json[] = [], options?: { immutable?: boolean }): Signature {
  return new Signature(task, args, options?.immutable ?? false);
}
