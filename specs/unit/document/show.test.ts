import { describe, expect, it } from 'vitest';
import { show } from '../../../canvas/document/show.js';

// The "got ..." of every "Expected X, got Y" message about a document, an option or a parameter.
describe('show', () => {
  it('quotes a scalar with its type', () => {
    expect([show(5), show(true), show(10n), show('add')]).toEqual(['`5` (number)', '`true` (boolean)', '`10` (bigint)', "`'add'` (string)"]);
  });

  it('cuts a string after 40 characters', () => {
    expect(show('x'.repeat(40))).toBe(`\`'${'x'.repeat(40)}'\` (string)`);
    expect(show('x'.repeat(41))).toBe(`\`'${'x'.repeat(40)}…'\` (string)`);
  });

  it('names what has no text of its own', () => {
    expect([show(undefined), show(() => 1), show(Symbol('s')), show(null)]).toEqual(['nothing (undefined)', 'a function', 'a symbol', '`null`']);
  });

  it('tells an empty array from one with items, and a plain object from a class instance', () => {
    expect([show([]), show([1]), show({}), show(Object.create(null)), show(new Map())]).toEqual(['an empty array', 'an array', 'an object', 'an object', 'a Map']);
  });

  it('reads no key of the value, so a hostile `constructor` cannot change the text', () => {
    expect(show({ constructor: { name: 'Evil' } })).toBe('an object');
    expect(show(Object.create({ constructor: { name: 'Evil' } }))).toBe('an object');
    expect(show(Object.create(Object.create(null)))).toBe('an object');
    expect(show(Object.create({ a: 1 }))).toBe('an object');
  });
});
