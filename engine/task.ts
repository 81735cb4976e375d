import type { Json } from '../canvas/json.js';
import type { StoredOptions } from '../canvas/options.js';
import type { Group } from '../canvas/group.js';
import { chunks as chunksOf, xmap, xstarmap } from '../canvas/map.js';
import { Signature } from '../canvas/signature.js';
import type { AsyncResult } from './async-result.js';

/** The parameter a partial signature's parent result fills: the first (`unknown` for a task that takes none). */
export type FirstParameter<Args extends readonly unknown[]> = Args extends readonly [] ? unknown : Args[0];

/** The parameters after the first: what `.s()` takes when a parent gives the first. */
export type RestParameters<Args extends readonly unknown[]> = Args extends readonly [unknown?, ...infer Rest] ? Rest : Args;

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
    private readonly applyCanvas: (canvas: Signature<Result, unknown>) => Promise<AsyncResult<Result>>,
  ) {}

  /**
   * A partial signature: a parent's result, if any, is prepended to `args`. Give every argument (for a first
   * step) or all but the first (which the parent's result fills); in a chain, the compiler checks that the
   * previous step's result fits the first parameter. Arguments must be JSON values (checked at run time).
   */
  s(...args: Args | RestParameters<Args>): Signature<Result, FirstParameter<Args>> {
    return new Signature<Result, FirstParameter<Args>>(this.name, args as unknown as Json[], false);
  }

  /** An immutable signature: runs with exactly `args`, ignoring any parent's result. */
  si(...args: Args): Signature<Result, unknown> {
    return new Signature<Result, unknown>(this.name, args as unknown as Json[], true);
  }

  /** One task calling this one with each item as its argument; the result is the list of results. */
  map(items: readonly Json[]): Signature<Result[], unknown> {
    return xmap(this.name, items) as Signature<Result[], unknown>;
  }

  /** One task calling this one with each item spread as its arguments. */
  starmap(items: readonly (readonly Json[])[]): Signature<Result[], unknown> {
    return xstarmap(this.name, items) as Signature<Result[], unknown>;
  }

  /** A group of starmap tasks over chunks of `size` argument lists; the result is a list per chunk. */
  chunks(items: readonly (readonly Json[])[], size: number): Group<Result[][], unknown> {
    return chunksOf(this.name, items, size) as Group<Result[][], unknown>;
  }

  /** Runs the task now with `args` (`app.apply(task.s(...args))`). */
  delay(...args: Args): Promise<AsyncResult<Result>> {
    return this.applyCanvas(new Signature<Result, unknown>(this.name, args as unknown as Json[], false));
  }
}
