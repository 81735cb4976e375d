import { describe, expect, it } from 'vitest';
import { validationErrorOf } from '../validation-error.js';
import { chunks, MAP_TASK, STARMAP_TASK, xmap, xstarmap } from '../../../canvas/map.js';
import type { Signature } from '../../../canvas/signature.js';

/** The problems a call threw, as data. */
const problemOf = (call: () => unknown) => validationErrorOf(call).errors;

describe('xmap', () => {
  it('is one immutable call of the built-in map task with the task name and a copy of the items', () => {
    const items = [1, 2, 3];
    const sig = xmap('square', items);
    items.push(4);
    expect([sig.task, sig.args, sig.immutable]).toEqual([MAP_TASK, ['square', [1, 2, 3]], true]);
    expect(MAP_TASK).toBe('celeriac.map');
  });

  it('refuses items that are not a list, naming the task', () => {
    expect(problemOf(() => xmap('square', 5 as never))).toEqual([{ path: '/args/1', message: "map needs a list of items for task 'square'" }]);
  });
});

describe('xstarmap', () => {
  it('is one immutable call of the built-in starmap task with a copy of each argument list', () => {
    const first = [1, 2];
    const sig = xstarmap('add', [first, [3, 4]]);
    first.push(9);
    expect([sig.task, sig.args, sig.immutable]).toEqual([STARMAP_TASK, ['add', [[1, 2], [3, 4]]], true]);
    expect(STARMAP_TASK).toBe('celeriac.starmap');
  });

  it('refuses a list whose items are not argument lists, and shows the shape it wants', () => {
    const expected = [{ path: '/args/1', message: "starmap needs a list of argument lists for task 'add'", hint: 'e.g. [[1, 2], [3, 4]]' }];
    expect(problemOf(() => xstarmap('add', [[1, 2], 3] as never))).toEqual(expected);
    expect(problemOf(() => xstarmap('add', 'x' as never))).toEqual(expected);
  });
});

describe('chunks', () => {
  it('splits the argument lists into starmap tasks of `size` lists, the last one shorter, as a group', () => {
    const g = chunks('add', [[1, 1], [2, 2], [3, 3]], 2);
    expect(g.kind).toBe('group');
    expect((g.members as Signature[]).map((m) => [m.kind, m.task, m.args])).toEqual([
      ['task', STARMAP_TASK, ['add', [[1, 1], [2, 2]]]],
      ['task', STARMAP_TASK, ['add', [[3, 3]]]],
    ]);
  });

  it('makes one task per list with size 1, and an empty group for no lists', () => {
    expect(chunks('add', [[1], [2]], 1).members).toHaveLength(2);
    expect(chunks('add', [], 3).members).toEqual([]);
  });

  it('refuses a size that is not a whole number from 1 and up, and says what came', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) {
      expect(problemOf(() => chunks('add', [[1]], size))).toEqual([
        { path: '/chunks/size', message: `Expected the chunk size to be a whole number from 1 and up, got \`${String(size)}\`` },
      ]);
    }
  });
});
