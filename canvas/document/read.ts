/**
 * Reading untrusted documents safely: only own keys count, so a polluted `Object.prototype` cannot make a key
 * appear, and a key whose value is `undefined` counts as absent (as in JSON.stringify and ajv's `required`).
 */

/** A plain object as JSON.parse makes them (or one with a null prototype); arrays and class instances are not. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function has(object: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(object, key) && object[key] !== undefined;
}

export function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
