import type { Json } from '../canvas/json.js';
import type { StoredOptions } from '../canvas/options.js';
import { Signature } from '../canvas/signature.js';
import type { AsyncResult } from './async-result.js';

/**
 * A registered task: make signatures of it, or run it on its own.
 * @example
 * const add = app.task('add', (x: number, y: number) => x + y);
 * add.s(2)          // partial: add(parentResult, 2)
 * add.si(2, 2)      // immutable: ignores the parent's result
 * await (await add.delay(2, 2)).get(); // 4
 */
export class Task<Args extends unknown[] = Json[], Result = Json> {
  constructor(
    readonly name: string,
    readonly options: StoredOptions,
    private readonly applyCanvas: (canvas: Signature) => Promise<AsyncResult<Result>>,
  ) {}

  /** A partial signature: a parent's result, if any, is prepended to `args`. Arguments must be JSON values (checked). */
  s(...args: unknown[]): Signature {
    return new Signature(this.name, args as Json[], false);
  }

  /** An immutable signature: runs with exactly `args`, ignoring any parent's result. */
  si(...args: Args): Signature {
    return new Signature(this.name, args as Json[], true);
  }

  /** Runs the task now with `args` (`app.apply(task.s(...args))`). */
  delay(...args: Args): Promise<AsyncResult<Result>> {
    return this.applyCanvas(this.s(...args));
  }
}
