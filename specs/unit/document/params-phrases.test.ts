import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../canvas/document/index.js';
import { bindParams } from '../../../canvas/document/params-bind.js';
import { WorkflowValidationError, type ValidationProblem } from '../../../canvas/errors.js';
import { validationErrorOf } from '../validation-error.js';

/** The problems bindParams reports for `values` against a document whose `params.properties.v` is `schema`. */
function problemsFor(schema: object, values: unknown, extra: object = {}): readonly ValidationProblem[] {
  const { canvas, meta } = parseDocument({ params: { type: 'object', properties: { v: schema }, ...extra }, task: 'a', args: [{ $param: 'v' }] });
  return validationErrorOf(() => bindParams(canvas, meta, values), 'bindParams accepted the values').errors;
}
const messagesFor = (schema: object, v: unknown) => problemsFor(schema, { v }).map((p) => p.message);

describe('when a parameter value breaks a rule of its schema', () => {
  it('says what the type should be, one or several, and what came', () => {
    expect(messagesFor({ type: 'boolean' }, 1)).toEqual(['`v` must be `true` or `false`, got `1` (number)']);
    expect(messagesFor({ type: ['string', 'null'] }, 1)).toEqual(['`v` must be a string or `null`, got `1` (number)']);
    expect(messagesFor({ type: ['number', 'array', 'object'] }, 'x')).toEqual(["`v` must be a number, an array or an object, got `'x'` (string)"]);
  });

  it('names the allowed values of an enum and a const, shortened when long', () => {
    expect(messagesFor({ enum: ['a', 'b', 1] }, 'c')).toEqual(['`v` must be one of `"a"`, `"b"`, `1`, got `\'c\'` (string)']);
    const many = Array.from({ length: 10 }, (_, i) => i);
    expect(messagesFor({ enum: many }, 99)).toEqual(['`v` must be one of `0`, `1`, `2`, `3`, `4`, `5`, `6`, `7` (and 2 more), got `99` (number)']);
    expect(messagesFor({ const: 'x'.repeat(50) }, 'y')).toEqual([`\`v\` must be \`"${'x'.repeat(39)}…\`, got \`'y'\` (string)`]);
    expect(messagesFor({ const: null }, 1)).toEqual(['`v` must be `null`, got `1` (number)']);
  });

  it('says each bound of a number in words', () => {
    expect(messagesFor({ minimum: 1 }, 0)).toEqual(['`v` must be at least 1, got `0` (number)']);
    expect(messagesFor({ maximum: 9 }, 10)).toEqual(['`v` must be at most 9, got `10` (number)']);
    expect(messagesFor({ exclusiveMinimum: 0 }, 0)).toEqual(['`v` must be greater than 0, got `0` (number)']);
    expect(messagesFor({ exclusiveMaximum: 5 }, 5)).toEqual(['`v` must be less than 5, got `5` (number)']);
    expect(messagesFor({ multipleOf: 5 }, 7)).toEqual(['`v` must be a multiple of 5, got `7` (number)']);
  });

  it('counts characters, items and properties, in the singular for one', () => {
    expect(messagesFor({ minLength: 1 }, '')).toEqual(["`v` must be at least 1 character long, got `''` (string)"]);
    expect(messagesFor({ maxLength: 2 }, 'abc')).toEqual(["`v` must be at most 2 characters long, got `'abc'` (string)"]);
    expect(messagesFor({ minItems: 2 }, [1])).toEqual(['`v` must have at least 2 items, got 1']);
    expect(messagesFor({ maxItems: 1 }, [1, 2])).toEqual(['`v` must have at most 1 item, got 2']);
    expect(messagesFor({ prefixItems: [{}], items: false }, [1, 2])).toEqual(['`v` must have at most 1 item, got 2']);
    expect(messagesFor({ minProperties: 1 }, {})).toEqual(['`v` must have at least 1 property']);
    expect(messagesFor({ maxProperties: 2 }, { a: 1, b: 2, c: 3 })).toEqual(['`v` must have at most 2 properties']);
  });

  it('counts one property in the singular', () => {
    expect(messagesFor({ maxProperties: 1 }, { a: 1, b: 2 })).toEqual(['`v` must have at most 1 property']);
  });

  it('quotes a literal of 40 characters whole, and all of an enum of eight', () => {
    expect(messagesFor({ const: 'x'.repeat(38) }, 'y')).toEqual([`\`v\` must be \`"${'x'.repeat(38)}"\`, got \`'y'\` (string)`]);
    expect(messagesFor({ enum: [0, 1, 2, 3, 4, 5, 6, 7] }, 9)).toEqual(['`v` must be one of `0`, `1`, `2`, `3`, `4`, `5`, `6`, `7`, got `9` (number)']);
  });

  it('says a rule that two parts of the schema state alike once', () => {
    expect(messagesFor({ allOf: [{ type: 'string' }, { type: 'string' }] }, 1)).toEqual(['`v` must be a string, got `1` (number)']);
  });

  it('quotes a pattern and a format', () => {
    expect(messagesFor({ pattern: '^[a-z]+$' }, 'A')).toEqual(["`v` must match the pattern `^[a-z]+$`, got `'A'` (string)"]);
    expect(messagesFor({ format: 'email' }, 'x')).toEqual(["`v` must be a valid email, got `'x'` (string)"]);
  });

  it('names the two equal items of a list that must not repeat', () => {
    expect(messagesFor({ uniqueItems: true }, [1, 2, 1])).toEqual(['`v` must not repeat an item (items 0 and 2 are equal)']);
  });

  it('says a dependent property is required where it is missing', () => {
    expect(problemsFor({ dependentRequired: { card: ['cvc'] } }, { v: { card: 1 } })).toEqual([{ path: '/params/v/cvc', message: '`v/cvc` is required when `card` is given' }]);
  });

  it('says a failed anyOf, oneOf or not once, without the noise of its branches', () => {
    expect(messagesFor({ anyOf: [{ type: 'string' }, { type: 'integer', minimum: 3 }] }, 1)).toEqual(['`v` does not match any of its allowed forms, got `1` (number)']);
    expect(messagesFor({ oneOf: [{ type: 'string' }, { type: 'boolean' }] }, 1)).toEqual(['`v` does not match any of its allowed forms, got `1` (number)']);
    expect(messagesFor({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 1)).toEqual(['`v` matches more than one of its allowed forms, and must match exactly one, got `1` (number)']);
    expect(messagesFor({ not: { type: 'string' } }, 'x')).toEqual(["`v` must not match the schema under `not`, got `'x'` (string)"]);
  });

  it('says what a list must contain and which property name is not allowed', () => {
    expect(messagesFor({ contains: { type: 'string' } }, [1])).toEqual(['`v` must contain at least 1 matching item']);
    expect(messagesFor({ contains: { type: 'string' }, minContains: 2 }, ['a', 1])).toEqual(['`v` must contain at least 2 matching items']);
    expect(messagesFor({ propertyNames: { pattern: '^[a-z]+$' } }, { A: 1 })).toEqual(['`v` has a property name that is not allowed: `A`']);
  });

  it('says what `false` forbids, and drops the `if` of an if/then', () => {
    expect(messagesFor({ type: 'object', properties: { x: false } }, { x: 1 })).toEqual(['`v/x` is not allowed']);
    expect(messagesFor({ if: { type: 'string' }, then: { minLength: 2 } }, 'a')).toEqual(["`v` must be at least 2 characters long, got `'a'` (string)"]);
  });

  it('falls back to ajv’s own words for a keyword it has none for', () => {
    expect(messagesFor({ type: 'object', properties: { a: {} }, unevaluatedProperties: false }, { a: 1, b: 2 })).toEqual(['`v/b` is not an allowed property']);
    expect(messagesFor({ type: 'array', prefixItems: [{}], unevaluatedItems: false }, [1, 2])).toEqual(['`v` must NOT have more than 1 items, got an array']);
  });
});

describe('when an object parameter has properties it does not allow', () => {
  it('suggests the property meant, or lists the allowed ones, or has no hint when none is allowed', () => {
    const object = (properties: object) => ({ type: 'object', properties, additionalProperties: false });
    expect(problemsFor(object({ limit: {} }), { v: { limt: 1 } })).toEqual([{ path: '/params/v/limt', message: '`v/limt` is not an allowed property', hint: 'did you mean `limit`?' }]);
    expect(problemsFor(object({ a: {}, b: {} }), { v: { zzz: 1 } })).toEqual([{ path: '/params/v/zzz', message: '`v/zzz` is not an allowed property', hint: 'allowed: `a`, `b`' }]);
    expect(problemsFor(object({}), { v: { zzz: 1 } })).toEqual([{ path: '/params/v/zzz', message: '`v/zzz` is not an allowed property' }]);
  });

  it('lists the first eight allowed properties only, and has no hint when the schema names no properties', () => {
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, {}]));
    expect(problemsFor({ type: 'object', properties: ten, additionalProperties: false }, { v: { zzz: 1 } })[0]?.hint).toBe('allowed: `p0`, `p1`, `p2`, `p3`, `p4`, `p5`, `p6`, `p7`');
    expect(problemsFor({ type: 'object', additionalProperties: false }, { v: { zzz: 1 } })).toEqual([{ path: '/params/v/zzz', message: '`v/zzz` is not an allowed property' }]);
  });
});

describe('when the parameters as a whole break their schema', () => {
  it('calls them "The parameters", at /params', () => {
    expect(problemsFor({}, { v: 1 }, { minProperties: 2 })).toEqual([{ path: '/params', message: 'The parameters must have at least 2 properties' }]);
  });

  it('says they must be an object when they are not, once', () => {
    const { canvas, meta } = parseDocument({ task: 'a', args: [{ $param: 'v' }], params: { properties: { v: {} } } });
    expect(() => bindParams(canvas, meta, [1])).toThrow('The parameters must be an object of values by name, got an array');
  });

  it('reports a value that is not JSON at its path', () => {
    const { canvas, meta } = parseDocument({ task: 'a', args: [{ $param: 'v' }], params: { properties: { v: {} } } });
    try {
      bindParams(canvas, meta, { v: { at: new Date(0) } });
      expect.unreachable();
    } catch (error) {
      expect((error as WorkflowValidationError).errors).toEqual([{ path: '/params/v/at', message: 'A parameter value is not a JSON value: found Date' }]);
    }
  });
});
