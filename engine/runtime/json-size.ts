import type { Json } from '../../canvas/json.js';

/**
 * The exact length in UTF-8 bytes of `JSON.stringify(value)` for a JSON value, counted without building the
 * string: checking a 1 MB argument against `maxPayloadBytes` then costs no 1 MB of garbage per apply.
 */
export function jsonByteLength(value: Json): number {
  if (value === null) return 4;
  switch (typeof value) {
    case 'boolean':
      return value ? 4 : 5;
    case 'number':
      return String(value).length;
    case 'string':
      return stringBytes(value);
    default:
      break;
  }
  if (Array.isArray(value)) {
    let total = 2 + Math.max(0, value.length - 1);
    for (const item of value) total += jsonByteLength(item);
    return total;
  }
  const keys = Object.keys(value);
  let total = 2 + Math.max(0, keys.length - 1);
  for (const key of keys) total += stringBytes(key) + 1 + jsonByteLength(value[key]!);
  return total;
}

function stringBytes(text: string): number {
  let total = 2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 || code === 0x5c || code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) total += 2;
    else if (code < 0x20) total += 6;
    else if (code < 0x80) total += 1;
    else if (code < 0x800) total += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        total += 4;
        i++;
      } else total += 6; // a lone surrogate is written as \udxxx
    } else if (code >= 0xdc00 && code <= 0xdfff) total += 6;
    else total += 3;
  }
  return total;
}
