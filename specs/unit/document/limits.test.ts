import { describe, expect, it } from 'vitest';
import { fromJSON } from '../../../canvas/document/index.js';
import { problemsOf } from './problems-of.js';

/** Accepted at exactly its JSON length, refused one character below, and at every length below that. */
function measuredExactly(doc: object): void {
  const length = JSON.stringify(doc).length;
  expect(() => fromJSON(doc, { maxLength: length })).not.toThrow();
  expect(problemsOf(doc, { maxLength: length - 1 })[0]?.message).toBe(
    `The document is longer than ${(length - 1).toLocaleString('en-US')} characters of JSON text (limit \`maxLength\`: ${(length - 1).toLocaleString('en-US')})`,
  );
  // Whichever part of the text the limit falls in: the brackets of a list or object whose items are still to count.
  for (let limit = 1; limit < length - 1; limit++) expect(problemsOf(doc, { maxLength: limit })[0]?.message, `maxLength ${limit}`).toContain('characters of JSON text');
}

describe('when the length of a document is measured', () => {
  it('counts numbers, booleans and null as JSON writes them', () => {
    measuredExactly({ task: 'a', args: [1.5, -20, true, false, null] });
  });

  it('counts brackets, commas, colons and keys, empty arrays and objects included', () => {
    measuredExactly({ task: 'a', args: [[], {}, { k: 'v', key2: [1, 2] }], options: { retries: 1, queue: 'q' } });
    measuredExactly({ group: [] });
  });

  it('counts a string with escapes as JSON writes it, when only its characters and quotes would fit', () => {
    measuredExactly({ task: 'a', args: ['a\n'] });
  });

  it('ends on a list or an object whose items are still to count', () => {
    measuredExactly({ task: 'a', args: [1] });
    measuredExactly({ task: 'a', args: [{ k: 1 }] });
  });

  it('counts undefined, a function and a symbol as nothing: the walk reports them as not JSON', () => {
    const room = JSON.stringify({ task: 'a', args: [] }).length;
    const message = 'An argument is not a JSON value: found ';
    expect(problemsOf({ task: 'a', args: [undefined] }, { maxLength: room })[0]?.message).toBe(`${message}undefined`);
    expect(problemsOf({ task: 'a', args: [() => 'x'.repeat(100)] }, { maxLength: room })[0]?.message).toBe(`${message}function`);
    expect(problemsOf({ task: 'a', args: [Symbol('x'.repeat(100))] }, { maxLength: room })[0]?.message).toBe(`${message}symbol`);
  });

  it('counts a string longer than the room left as at least its characters and quotes', () => {
    expect(problemsOf({ task: 'a', args: ['x'.repeat(200)] }, { maxLength: 100 })[0]?.message).toContain('longer than 100 characters');
  });
});

describe('when nodes are counted', () => {
  it("counts a chord's header members and body, and nothing in its options", () => {
    const doc = { chord: { header: [{ task: 'a' }, { task: 'b' }], body: { task: 'c' } }, options: { retries: 1 } };
    expect(() => fromJSON(doc, { maxNodes: 4 })).not.toThrow();
    expect(problemsOf(doc, { maxNodes: 3 })[0]?.message).toBe('The document has more than 3 nodes (tasks, chains, groups and chords) (limit `maxNodes`: 3)');
  });

  it('counts no object under a `header` or `body` key outside a chord, nor under any other key of a chord', () => {
    expect(() => fromJSON({ task: 'a', args: [{ header: [{}], body: {} }] }, { maxNodes: 1 })).not.toThrow();
    expect(problemsOf({ chord: { header: [], body: { task: 'b' }, extra: {} } }, { maxNodes: 2 })[0]?.path).toBe('/chord/extra');
  });

  it('counts the steps of a chain and the members of a group, not a group inside a chord key it does not have', () => {
    expect(() => fromJSON({ chain: [{ task: 'a' }, { group: [{ task: 'b' }] }] }, { maxNodes: 4 })).not.toThrow();
    expect(problemsOf({ chain: [{ task: 'a' }, { group: [{ task: 'b' }] }] }, { maxNodes: 3 })).toHaveLength(1);
  });
});

describe('when the limit passed cannot be raised any further', () => {
  it('says the depth limit cannot go above 1,000 and to split the workflow', () => {
    let doc: unknown = { task: 'a' };
    for (let i = 0; i < 600; i++) doc = { chain: [doc] };
    expect(problemsOf(doc, { maxDepth: 1000, maxLength: Infinity })[0]?.hint).toBe('maxDepth cannot go above 1,000; split the workflow into smaller documents');
    expect(problemsOf(doc, { maxDepth: 600, maxLength: Infinity })[0]?.hint).toBe('if the document is meant to be this large, pass a larger limit: fromJSON(doc, { maxDepth: 1000 })');
  });
});

describe('when the place a document nests too deep is far down', () => {
  it('shows the start and the end of a long pointer', () => {
    let doc: unknown = { task: 'a' };
    for (let i = 0; i < 40; i++) doc = { chain: [doc] };
    const message = problemsOf(doc)[0]?.message ?? '';
    const pointer = /first at `([^`]*)`/.exec(message)?.[1] ?? '';
    expect(pointer).toBe(`${'/chain/0'.repeat(5)}…${'/chain/0'.repeat(4).slice(-30)}`);
  });

  it('shows a pointer of 80 characters whole', () => {
    const key = 'k'.repeat(80 - '/args/0/'.length);
    expect(problemsOf({ task: 'a', args: [{ [key]: {} }] }, { maxDepth: 3 })[0]?.message).toContain(`first at \`/args/0/${key}\` (limit`);
  });

  it('shows a short pointer whole', () => {
    expect(problemsOf({ task: 'a', args: [[[1]]] }, { maxDepth: 3 })[0]?.message).toContain('first at `/args/0/0` (limit');
  });
});

describe('when the limits themselves are given', () => {
  it('accepts each at its edges: 1, a depth of 1,000, and Infinity for length and nodes', () => {
    expect(() => fromJSON({ task: 'a' }, { maxDepth: 1, maxNodes: 1 })).not.toThrow();
    expect(() => fromJSON({ task: 'a' }, { maxDepth: 1000, maxLength: Infinity, maxNodes: Infinity })).not.toThrow();
  });

  it('names the limit, what it should be and what came', () => {
    expect(() => fromJSON({ task: 'a' }, { maxDepth: 1001 })).toThrow(new TypeError('Expected `limits.maxDepth` to be a whole number from 1 to 1000, got `1001` (number)'));
    expect(() => fromJSON({ task: 'a' }, { maxDepth: Infinity })).toThrow(TypeError);
    expect(() => fromJSON({ task: 'a' }, { maxNodes: 0 })).toThrow(new TypeError('Expected `limits.maxNodes` to be a whole number from 1 and up, or Infinity, got `0` (number)'));
    expect(() => fromJSON({ task: 'a' }, { maxLength: '5' as never })).toThrow(new TypeError('Expected `limits.maxLength` to be a whole number from 1 and up, or Infinity, got `5` (string)'));
  });

  it('keeps the defaults of the limits not given', () => {
    let doc: unknown = { task: 'a' };
    for (let i = 0; i < 32; i++) doc = { chain: [doc] };
    expect(problemsOf(doc, { maxNodes: 100 })[0]?.message).toContain('deeper than 64 levels');
  });
});
