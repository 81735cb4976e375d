import { escapePointer } from '../json.js';

/**
 * JSON pointers are built with `''` for the root, as RFC 6901 has it, and shown with `'/'` for the root,
 * as the rest of Celeriac's validation problems do.
 */
export function join(base: string, key: string | number): string {
  return `${base}/${typeof key === 'number' ? key : escapePointer(key)}`;
}

export function display(pointer: string): string {
  return pointer === '' ? '/' : pointer;
}
