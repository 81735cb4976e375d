import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { paramsValidator } from '../../../canvas/document/params-schema.js';

// The cache outlives a test: each schema here is new to it (its `$comment` is unique to this run), so what a
// test sees does not depend on which schemas other tests compiled first.
const run = randomUUID();
let made = 0;
function newSchema(extra: object = {}): { readonly [key: string]: unknown } {
  return { type: 'object', $comment: `${run} ${made++}`, ...extra };
}

describe('when the same params schema comes twice', () => {
  it('compiles it once: the same text gives the same validator', () => {
    const schema = newSchema();
    expect(paramsValidator(structuredClone(schema))).toBe(paramsValidator(schema));
  });
});

describe('when a params schema has defaults', () => {
  it('writes them into the value it validates', () => {
    const validate = paramsValidator(newSchema({ properties: { n: { type: 'integer', default: 3 } } }));
    const values: Record<string, unknown> = {};
    expect(validate(values)).toBe(true);
    expect(values).toEqual({ n: 3 });
  });
});

describe('when a params schema is long', () => {
  /** A new schema whose JSON text is exactly `length` characters. */
  function ofLength(length: number) {
    const schema = newSchema({ description: '' });
    return { ...schema, description: 'x'.repeat(length - JSON.stringify(schema).length) };
  }

  it('keeps one of 16,384 characters of JSON text', () => {
    const schema = ofLength(16_384);
    expect(JSON.stringify(schema)).toHaveLength(16_384);
    expect(paramsValidator(schema)).toBe(paramsValidator(schema));
  });

  it('compiles a longer one each time instead of keeping its text as a key', () => {
    const schema = ofLength(16_385);
    expect(paramsValidator(schema)).not.toBe(paramsValidator(schema));
  });
});

describe('when more than 64 params schemas have been compiled', () => {
  it('forgets the least recently used, and keeps the 64 others', () => {
    const schemas = Array.from({ length: 65 }, () => newSchema());
    const validators = schemas.slice(0, 64).map((schema) => paramsValidator(schema));
    expect(paramsValidator(schemas[0]!)).toBe(validators[0]); // used again: now the most recent
    paramsValidator(schemas[64]!);
    expect(paramsValidator(schemas[2]!)).toBe(validators[2]);
    expect(paramsValidator(schemas[0]!)).toBe(validators[0]);
    expect(paramsValidator(schemas[1]!)).not.toBe(validators[1]);
  });
});
