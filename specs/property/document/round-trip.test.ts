import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromJSON, parseDocument, toJSON, type DocumentMeta } from '../../../canvas/document/index.js';
import { canvasArbitrary } from '../arbitraries/canvas.js';

const meta = fc.record(
  {
    $schema: fc.constant('https://celeriac.dev/schema/workflow.json'),
    name: fc.string(),
    description: fc.string(),
    params: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<DocumentMeta>;

describe('when a canvas goes to its JSON document and back', () => {
  // Every canvas comes back from its document unchanged, and its document, even after a trip through JSON text, is a fixed point.
  it('gives the same canvas and the same document', () => {
    fc.assert(
      fc.property(canvasArbitrary(), (canvas) => {
        const doc = toJSON(canvas);
        const text = JSON.stringify(doc);
        expect(fromJSON(doc)).toStrictEqual(canvas);
        expect(JSON.stringify(toJSON(fromJSON(JSON.parse(text))))).toBe(text);
        const parsed: unknown = JSON.parse(text);
        expect(toJSON(fromJSON(parsed))).toStrictEqual(parsed);
      }),
      { numRuns: 1000, seed: 20_240_611 },
    );
  });

  // A canonical document keeps its root metadata through parseDocument and toJSON.
  it('keeps the root metadata', () => {
    fc.assert(
      fc.property(canvasArbitrary({ maxDepth: 2 }), meta, (canvas, m) => {
        const doc: unknown = JSON.parse(JSON.stringify(toJSON(canvas, m)));
        const { canvas: back, meta: kept } = parseDocument(doc);
        expect(toJSON(back, kept)).toStrictEqual(doc);
      }),
      { numRuns: 300, seed: 20_240_612 },
    );
  });
});
