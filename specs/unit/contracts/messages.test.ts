import type { ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { argsComplaints } from '../../../engine/contracts/args-problems.js';
import { TaskRegistry } from '../../../engine/registry.js';

let count = 0;
function inputOf(prefixItems: unknown[], rest: Record<string, unknown> = {}): ValidateFunction {
  return new TaskRegistry().register(`t${count++}`, () => null, { input: { type: 'array', ...(prefixItems.length > 0 ? { prefixItems } : {}), ...rest } }).input!;
}

const texts = (validate: ValidateFunction, args: unknown[], receives?: 'result') => argsComplaints(validate, { args: args as never, ...(receives ? { receives } : {}) }).map((c) => c.text);

describe('contract problems in words', () => {
  it('names every allowed value of an enum and a const', () => {
    expect(texts(inputOf([{ enum: ['a', 'b'] }, { const: 3 }]), ['c', 4])).toEqual(['argument 0 must be one of `"a"`, `"b"`, got `\'c\'` (string)', 'argument 1 must be `3`, got `4` (number)']);
  });

  it('lists several allowed types', () => {
    expect(texts(inputOf([{ type: ['string', 'null'] }]), [1])).toEqual(['argument 0 must be a string or `null`, got `1` (number)']);
  });

  it('says a failed anyOf once, not once per branch', () => {
    expect(texts(inputOf([{ anyOf: [{ type: 'string' }, { type: 'number', minimum: 3 }] }]), [1])).toEqual(['argument 0 does not match any of its allowed forms, got `1` (number)']);
  });

  it('names a format and a pattern', () => {
    expect(texts(inputOf([{ type: 'string', format: 'email' }, { type: 'string', pattern: '^a' }]), ['x', 'b'])).toEqual([
      "argument 0 must be a valid email, got `'x'` (string)",
      "argument 1 must match the pattern `^a`, got `'b'` (string)",
    ]);
  });

  describe('when a parent result comes first', () => {
    it('does not judge list-level keywords that turn on the unknown first argument', () => {
      const validate = inputOf([], { contains: { const: 'needle' }, anyOf: [{ minItems: 5 }, { prefixItems: [{ type: 'string' }] }] });
      expect(texts(validate, [1], 'result')).toEqual([]);
      expect(texts(validate, [1])).toHaveLength(2);
    });

    it('still judges duplicates among the literal args', () => {
      expect(texts(inputOf([], { uniqueItems: true }), [1, 1], 'result')).toEqual(['argument list must not repeat an item (items 1 and 2 are equal)']);
    });
  });

  describe('when an argument holds a parameter reference whose value is not known yet', () => {
    it('judges nothing about the reference, and the rest of the argument as usual', () => {
      const validate = inputOf([{ type: 'object', properties: { site: { type: 'string' }, depth: { type: 'integer' } }, required: ['site'] }]);
      const complaints = argsComplaints(validate, { args: [{ site: { $param: 'site' }, depth: 'x' }], unknown: ['/0/site'] });
      expect(complaints.map((c) => c.pointer)).toEqual(['/0/depth']);
    });
  });
});
