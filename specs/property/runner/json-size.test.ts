import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../canvas/json.js';
import { jsonByteLength } from '../../../engine/runtime/json-size.js';

describe('when the size of a payload is counted without serialising it', () => {
  // Invariant: for every JSON value, the count equals the UTF-8 byte length of JSON.stringify of it.
  it('gives the byte length JSON.stringify would', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.string({ unit: 'binary' }), (value, text) => {
        expect(jsonByteLength(value as Json)).toBe(Buffer.byteLength(JSON.stringify(value)));
        expect(jsonByteLength(text)).toBe(Buffer.byteLength(JSON.stringify(text)));
      }),
      { numRuns: 1000 },
    );
  });
});
