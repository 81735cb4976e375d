import type { Json } from '../canvas/json.js';
import type { StoredOptions } from '../canvas/options.js';
import type { Group } from '../canvas/group.js';
import { chunks as chunksOf, xmap, xstarmap } from '../canvas/map.js';
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

  /** One task calling this one with each item as its argument; the result is the list of results. */
  map(items: readonly Json[]): Signature {
    return xmap(this.name, items);
  }

  /** One task calling this one with each item spread as its arguments. */
  starmap(items: readonly (readonly Json[])[]): Signature {
    return xstarmap(this.name, items);
  }

  /** A group of starmap tasks over chunks of `size` argument lists; the result is a list per chunk. */
  chunks(items: readonly (readonly Json[])[], size: number): Group {
    return chunksOf(this.name, items, size);
  }

  /** Runs the task now with `args` (`app.apply(task.s(...args))`). */
  delay(...args: Args): Promise<AsyncResult<Result>> {
    return this.applyCanvas(this.s(...args));
  }
}
