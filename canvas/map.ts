import { invalid } from './errors.js';
import type { Json } from './json.js';
import { Group } from './group.js';
import { Signature } from './signature.js';

/** The built-in tasks every worker has: they call a registered task once per item, in one task. */
export const MAP_TASK = 'celeriac.map';
export const STARMAP_TASK = 'celeriac.starmap';

/**
 * One task that calls `task` with each item as its single argument, in order; its result is the list of
 * results (Celery's `task.map`). The calls run one after another in one worker, as one unit: for parallel
 * calls use a group, or `chunks`.
 * @example
 * xmap('square', [1, 2, 3]) // [1, 4, 9]
 */
export function xmap(task: string, items: readonly Json[]): Signature {
  if (!Array.isArray(items)) invalid('/args/1', `map needs a list of items for task '${task}'`);
  return new Signature(MAP_TASK, [task, [...items]], true);
}

/**
 * One task that calls `task` with each item spread as its arguments (Celery's `task.starmap`).
 * @example
 * xstarmap('add', [[1, 2], [3, 4]]) // [3, 7]
 */
export function xstarmap(task: string, items: readonly (readonly Json[])[]): Signature {
  if (!Array.isArray(items) || items.some((item) => !Array.isArray(item))) {
    invalid('/args/1', `starmap needs a list of argument lists for task '${task}'`, 'e.g. [[1, 2], [3, 4]]');
  }
  return new Signature(STARMAP_TASK, [task, items.map((item) => [...item])], true);
}

/**
 * Splits the argument lists into chunks of `size`, each a `starmap` task, run as a group: the result is the
 * list of each chunk's results (Celery's `task.chunks`). Many small calls, a few messages.
 * @example
 * chunks('add', [[1, 1], [2, 2], [3, 3]], 2) // [[2, 4], [6]]
 */
export function chunks(task: string, items: readonly (readonly Json[])[], size: number): Group {
  if (!Number.isInteger(size) || size < 1) invalid('/chunks/size', `Expected the chunk size to be a whole number from 1 and up, got \`${String(size)}\``);
  const parts: Signature[] = [];
  for (let start = 0; start < items.length; start += size) parts.push(xstarmap(task, items.slice(start, start + size)));
  return new Group(parts);
}
