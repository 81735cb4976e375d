import { describe as group, expect, it } from 'vitest';
import { describe, escapePointer, findNonJson, frozenCopy, type Json } from '../../../canvas/json.js';

group('findNonJson', () => {
  it('finds nothing wrong with plain JSON, a prototype-less object or the same object twice side by side', () => {
    const shared = { n: 1 };
    for (const value of [null, true, 'x', 0, -1.5, [], {}, [null, [1, { a: 'b' }]], Object.create(null), [shared, shared], { a: shared, b: [shared] }]) {
      expect(findNonJson(value)).toBeUndefined();
    }
  });

  it('points to the first value that is not JSON and names it', () => {
    expect(findNonJson([1, { a: [2, undefined] }])).toEqual({ path: '/1/a/1', found: 'undefined' });
    expect(findNonJson({ n: Number.NaN })).toEqual({ path: '/n', found: 'NaN' });
    expect(findNonJson([-Infinity])).toEqual({ path: '/0', found: '-Infinity' });
    expect(findNonJson({ f: () => 1 })).toEqual({ path: '/f', found: 'function' });
    expect(findNonJson([10n])).toEqual({ path: '/0', found: 'bigint' });
    expect(findNonJson({ s: Symbol('s') })).toEqual({ path: '/s', found: 'symbol' });
    expect(findNonJson({ m: new Map() })).toEqual({ path: '/m', found: 'Map' });
    expect(findNonJson([1, 2, [3, new Date(0)]])).toEqual({ path: '/2/1', found: 'Date' });
  });

  it('starts from the path given and escapes keys in the pointer', () => {
    expect(findNonJson({ 'a/b': { '~c': undefined } }, '/args')).toEqual({ path: '/args/a~1b/~0c', found: 'undefined' });
  });

  it('reports a cycle, through an object or an array, instead of recursing forever', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(findNonJson(loop)).toEqual({ path: '/self', found: 'a circular reference' });
    const list: unknown[] = [1];
    list.push([list]);
    expect(findNonJson(list)).toEqual({ path: '/1/0', found: 'a circular reference' });
  });
});

group('escapePointer', () => {
  it('escapes every `~` and `/` of a key, `~` first (RFC 6901)', () => {
    expect(escapePointer('a/b/c~d~')).toBe('a~1b~1c~0d~0');
    expect(escapePointer('~1')).toBe('~01');
  });
});

group('describe', () => {
  it("names a value's type for a message", () => {
    class Order {}
    const cases: [unknown, string][] = [
      [undefined, 'undefined'],
      [null, 'null'],
      [() => 1, 'function'],
      [5, 'number'],
      ['x', 'string'],
      [[1], 'Array'],
      [{}, 'object'],
      [Object.create(null), 'object'],
      [new Date(0), 'Date'],
      [new Order(), 'Order'],
    ];
    for (const [value, name] of cases) expect(describe(value)).toBe(name);
  });

  it('says `object` when the prototype has no constructor of its own, or one without a name', () => {
    expect(describe(Object.create(Object.create(null)))).toBe('object');
    expect(describe(Object.create({ constructor: 'Evil' }))).toBe('object');
    // Made from a plain object or an instance: the constructor is inherited, not the prototype's own.
    expect(describe(Object.create({ a: 1 }))).toBe('object');
    expect(describe(Object.create(new Date(0)))).toBe('object');
    const anonymous = Object.create({ constructor: Object.defineProperty(function () {}, 'name', { value: '' }) });
    expect(describe(anonymous)).toBe('object');
  });
});

group('frozenCopy', () => {
  it('copies arrays and objects deeply and freezes every level', () => {
    const value = { list: [1, { n: 2 }], s: 'x' };
    const copy = frozenCopy(value as Json);
    expect(copy).toEqual(value);
    expect(copy).not.toBe(value);
    const inner = (copy as { list: [number, { n: number }] }).list;
    expect([Object.isFrozen(copy), Object.isFrozen(inner), Object.isFrozen(inner[1])]).toEqual([true, true, true]);
    expect(Object.isFrozen(value)).toBe(false);
  });

  it('returns a copy it made as it is, and a scalar as it is', () => {
    const copy = frozenCopy([1, [2]] as Json);
    expect(frozenCopy(copy)).toBe(copy);
    expect(frozenCopy('s')).toBe('s');
    expect(frozenCopy(null)).toBeNull();
  });

  it("copies a frozen value it did not make: what is inside may still be the caller's to change", () => {
    const inner = { n: 1 };
    const copy = frozenCopy(Object.freeze([inner]) as unknown as Json) as [{ n: number }];
    inner.n = 2;
    expect(copy[0].n).toBe(1);
  });
});
