import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workflowSchema } from '../../../canvas/document/index.js';
import { compileSchema } from '../../../canvas/json-schema.js';
import { optionProblems } from '../../../canvas/options.js';

const optionNames = ['retries', 'backoff', 'countdown', 'eta', 'expires', 'timeout', 'priority', 'queue', 'rateLimit', 'retryOn'];

/** Numbers, strings and dates near the edges of each rule: ranges, patterns, days per month, leap seconds. */
const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, 1, -1, 0.5, 1.5, 2_097_151, 2_097_152, 1e21, 5e-324));
const text = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('10/s', ' 10 / m ', '0/s', '00/s', '010/h', '10/S', '1e3/s', '\u00a010/s', '10/s\n', '99999999999999999999999/s', 'a.b-c_D9', '', 'no spaces'),
);
const dateText = fc.oneof(
  fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2030-02-31T00:00:00Z', '2030-12-31T23:59:60Z', '2030-01-31T09:00:00+02:00', '2030-01-31t09:00:00z', '2030-01-31 09:00:00Z', '2030-01-31', '1900-02-29T00:00:00Z', '2000-02-29T00:00:00Z'),
);
const backoff = fc.record({ type: fc.constantFrom('fixed', 'exponential', 'linear'), delay: number, jitter: number, maxDelay: number, extra: fc.string() }, { requiredKeys: [] });
const value = fc.oneof(number, text, dateText, backoff, fc.boolean(), fc.constant(null), fc.array(fc.oneof(text, number), { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }));
const options = fc.dictionary(fc.oneof(fc.constantFrom(...optionNames), fc.string({ maxLength: 4 })), value, { maxKeys: 4 });

const schema = compileSchema({ ...workflowSchema.$defs.options, $defs: workflowSchema.$defs });

/** The option a schema error below the options object is about: `/backoff/delay` is about `backoff`. */
const optionOf = (pointer: string) => pointer.slice(1).split('/')[0]!;

describe('when an options object is checked by the schema and by optionProblems', () => {
  // Each option's rule is stated once, in optionProblems: whatever the schema finds wrong with an option,
  // optionProblems finds wrong with it too, so a document's messages never come from the schema's words.
  it('finds nothing wrong with an option that optionProblems accepts', () => {
    fc.assert(
      fc.property(options, (o) => {
        if (schema(o)) return;
        const said = new Set(
          optionProblems(o, '', 'document')
            .filter((p) => p.message !== 'Set either `countdown` or `eta`, not both')
            .map((p) => optionOf(p.path)),
        );
        const unsaid = (schema.errors ?? []).filter((e) => e.instancePath !== '' && !said.has(optionOf(e.instancePath)));
        expect(unsaid.map((e) => `${e.instancePath} ${e.message}`), JSON.stringify(o)).toEqual([]);
      }),
      { numRuns: 20_000, seed: 20_261_202 },
    );
  });
});
