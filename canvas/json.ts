/** A JSON value: what task arguments and results are made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Returns the JSON pointer of the first part of `value` that is not plain JSON, or `undefined` if it all is.
 * Class instances (Date, Map...), functions, `undefined`, non-finite numbers, bigints and cycles are rejected,
 * because they would not survive the trip through Redis unchanged.
 */
export function findNonJson(value: unknown, path = ''): { path: string; found: string } | undefined {
  return walk(value, path, new Set());
}

function walk(value: unknown, path: string, seen: Set<object>): { path: string; found: string } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, found: String(value) };
  if (typeof value !== 'object') return { path, found: describe(value) };
  if (seen.has(value)) return { path, found: 'a circular reference' };
  if (Array.isArray(value)) {
    seen.add(value);
    for (let i = 0; i < value.length; i++) {
      const bad = walk(value[i], `${path}/${i}`, seen);
      if (bad) return bad;
    }
    seen.delete(value);
    return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return { path, found: describe(value) };
  seen.add(value);
  for (const key of Object.keys(value)) {
    const bad = walk((value as Record<string, unknown>)[key], `${path}/${escapePointer(key)}`, seen);
    if (bad) return bad;
  }
  seen.delete(value);
  return undefined;
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A short description of a value's type for error messages: `undefined`, `function`, `Date`, `bigint`...
 * Reads the prototype, never an own key, so a `constructor` key in untrusted JSON cannot change the text.
 */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'function') return 'function';
  if (typeof value !== 'object') return typeof value;
  if (Array.isArray(value)) return 'Array';
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return 'object';
  const ctor: unknown = typeof proto === 'object' && proto !== null && Object.hasOwn(proto, 'constructor') ? (proto as { constructor: unknown }).constructor : undefined;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'object';
}

/** Arrays and objects that `frozenCopy` made: already private to a canvas, so never copied again. */
const frozenCopies = new WeakSet<object>();

/**
 * A deep, frozen copy of a JSON value (checked by `findNonJson` first), sharing its strings: they are
 * immutable, so a 1 MB string argument is not copied (structuredClone would). A value this function returned
 * is returned as it is. Keys go in with `Object.fromEntries`, so a `__proto__` key stays an own key, as
 * JSON.parse makes it.
 */
export function frozenCopy<T extends Json>(value: T): T {
  if (typeof value !== 'object' || value === null || frozenCopies.has(value)) return value;
  const copy = Array.isArray(value) ? value.map((item) => frozenCopy(item)) : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, frozenCopy(item)]));
  Object.freeze(copy);
  frozenCopies.add(copy);
  return copy as T;
}
