const maxShown = 40;

/**
 * What came, for "expected X, got Y" messages: short whatever the input, never throws (no JSON.stringify of
 * untrusted objects), and reads no key of the value, so a hostile `constructor` key cannot change the text.
 * @example
 * show(5)          // "`5` (number)"
 * show('add')      // "`'add'` (string)"
 * show([1, 2])     // "an array"
 */
export function show(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `\`'${value.length > maxShown ? `${value.slice(0, maxShown)}…` : value}'\` (string)`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `\`${String(value)}\` (${typeof value})`;
    case 'undefined':
      return 'nothing (undefined)';
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    case 'object':
      if (value === null) return '`null`';
      if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
      return objectName(value);
  }
}

function objectName(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return 'an object';
  const name: unknown = typeof proto === 'object' && proto !== null && Object.hasOwn(proto, 'constructor') ? (proto as { constructor: unknown }).constructor : undefined;
  return typeof name === 'function' && name.name ? `a ${name.name}` : 'an object';
}
