import { afterEach, describe, expect, it } from 'vitest';
import { defaultLimits, fromJSON, parseDocument, toJSON } from '../../../canvas/document/index.js';
import { chord } from '../../../canvas/chord.js';
import { schemaMismatch } from '../../../canvas/document/node-problems.js';
import { signature, type Signature } from '../../../canvas/signature.js';
import { problemsOf } from './problems-of.js';

function nested(levels: number, leaf: unknown = { task: 'a' }): unknown {
  let doc = leaf;
  for (let i = 0; i < levels; i++) doc = { chain: [doc] };
  return doc;
}

describe('when the document nests deeper than the limit', () => {
  it('reports the limit at the root, where it was passed, and how to raise it', () => {
    // {chain:[...]} is two levels: 31 wraps and the task object make 63, 32 make 65.
    expect(() => fromJSON(nested(31))).not.toThrow();
    expect(problemsOf(nested(32))).toEqual([
      {
        path: '/',
        message: expect.stringMatching(/^The document nests objects and arrays deeper than 64 levels, first at `\/chain\/0\/.*` \(limit `maxDepth`: 64\)$/) as unknown as string,
        hint: 'if the document is meant to be this large, pass a larger limit: fromJSON(doc, { maxDepth: 128 })',
      },
    ]);
  });

  it('counts nesting inside args too', () => {
    let args: unknown = 1;
    for (let i = 0; i < 70; i++) args = [args];
    expect(problemsOf({ task: 'a', args: [args] })[0]?.message).toContain('deeper than 64 levels');
  });

  it('does not overflow the stack on 100,000 levels', () => {
    const text = `${'{"chain":['.repeat(100_000)}{"task":"a"}${']}'.repeat(100_000)}`;
    expect(problemsOf(JSON.parse(text), { maxLength: Infinity })[0]?.message).toContain('deeper than 64 levels');
  });

  it('accepts a deeper document when the caller raises the limit', () => {
    expect(() => fromJSON(nested(40), { maxDepth: 100 })).not.toThrow();
  });
});

describe('when the document refers to itself', () => {
  it('reports it as too deep instead of looping', () => {
    const doc: Record<string, unknown> = { chain: [] };
    (doc.chain as unknown[]).push(doc);
    expect(problemsOf(doc)[0]?.message).toContain('deeper than 64 levels');
  });
});

describe('when the document has more nodes than the limit', () => {
  const wide = (n: number) => ({ group: Array.from({ length: n }, () => ({ task: 'a' })) });

  it('reports the limit, counting the root', () => {
    expect(() => fromJSON(wide(9_999))).not.toThrow();
    expect(problemsOf(wide(10_000))).toEqual([
      {
        path: '/',
        message: 'The document has more than 10,000 nodes (tasks, chains, groups and chords) (limit `maxNodes`: 10,000)',
        hint: 'if the document is meant to be this large, pass a larger limit: fromJSON(doc, { maxNodes: 40000 })',
      },
    ]);
  });

  it('counts links and errbacks, not objects inside args', () => {
    expect(problemsOf({ task: 'a', link: [{ task: 'b' }], linkError: [{ task: 'c' }] }, { maxNodes: 2 })[0]?.message).toContain('more than 2 nodes');
    expect(() => fromJSON({ task: 'a', args: [{ task: 'x' }, { chain: [{ task: 'y' }] }] }, { maxNodes: 1 })).not.toThrow();
  });
});

describe('when the document is longer than the limit', () => {
  it('measures it as JSON text and reports the limit', () => {
    const doc = { task: 'a', args: ['x'.repeat(1_000_000 - 24)] };
    expect(JSON.stringify(doc)).toHaveLength(1_000_000);
    expect(() => fromJSON(doc)).not.toThrow();
    const longer = { task: 'a', args: ['x'.repeat(1_000_000 - 23)] };
    expect(problemsOf(longer)).toEqual([
      {
        path: '/',
        message: 'The document is longer than 1,000,000 characters of JSON text (limit `maxLength`: 1,000,000)',
        hint: 'if the document is meant to be this large, pass a larger limit: fromJSON(doc, { maxLength: 4000000 })',
      },
    ]);
  });

  it('counts escapes as JSON writes them', () => {
    const doc = { task: 'a', args: ['"\n'] };
    expect(() => fromJSON(doc, { maxLength: JSON.stringify(doc).length })).not.toThrow();
    expect(problemsOf(doc, { maxLength: JSON.stringify(doc).length - 1 })[0]?.message).toContain('longer than');
  });
});

describe('when the limits themselves are wrong', () => {
  it('throws a TypeError naming the limit', () => {
    expect(() => fromJSON({ task: 'a' }, { maxDepth: 0 })).toThrow(new TypeError('Expected `limits.maxDepth` to be a whole number from 1 to 1000, got `0` (number)'));
    expect(() => fromJSON({ task: 'a' }, { maxNodes: 1.5 })).toThrow(TypeError);
    expect(() => fromJSON({ task: 'a' }, { maxLength: Number.NaN })).toThrow(TypeError);
  });

  it('has the documented defaults', () => {
    expect(defaultLimits).toEqual({ maxLength: 1_000_000, maxDepth: 64, maxNodes: 10_000 });
  });
});

describe('when keys try to pollute prototypes', () => {
  afterEach(() => {
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports `__proto__` on a node as an unknown key and leaves Object.prototype untouched', () => {
    const doc: unknown = JSON.parse('{"__proto__": {"polluted": 1}, "task": "add"}');
    expect(problemsOf(doc)).toEqual([expect.objectContaining({ path: '/__proto__', message: 'Unknown key `__proto__` on a task node' })]);
  });

  it('reports `constructor` and `prototype` keys the same way', () => {
    const doc: unknown = JSON.parse('{"chain": [{"task": "a"}], "constructor": {"prototype": {"polluted": 1}}, "prototype": {"polluted": 1}}');
    expect(problemsOf(doc).map((p) => p.path)).toEqual(['/constructor', '/prototype']);
  });

  it('rejects `__proto__` in options and in a chord', () => {
    const doc: unknown = JSON.parse('{"chord": {"header": [], "body": {"task": "b"}, "__proto__": {"polluted": 1}}, "options": {"__proto__": {"polluted": 1}}}');
    expect(problemsOf(doc).map((p) => p.path)).toEqual(['/chord/__proto__', '/options/__proto__']);
  });

  it('keeps `__proto__` inside args as plain data, through the round trip', () => {
    const doc: unknown = JSON.parse('{"task": "add", "args": [{"__proto__": {"polluted": 1}, "x": 1}]}');
    const canvas = fromJSON(doc) as Signature;
    const arg = canvas.args[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(arg)).toBe(Object.prototype);
    expect(Object.keys(arg)).toEqual(['__proto__', 'x']);
    expect(arg.polluted).toBeUndefined();
    expect(JSON.stringify(toJSON(canvas))).toBe(JSON.stringify(doc));
  });

  it('keeps `__proto__` inside params as plain data', () => {
    const doc: unknown = JSON.parse('{"task": "add", "params": {"__proto__": {"polluted": 1}}}');
    const { meta } = parseDocument(doc);
    expect(Object.keys(meta.params ?? {})).toEqual(['__proto__']);
  });

  it('is not fooled by a polluted Object.prototype into seeing a kind key', () => {
    Object.defineProperty(Object.prototype, 'task', { value: 'ghost', configurable: true, enumerable: false });
    try {
      expect(problemsOf({ options: {} })[0]?.message).toBe('A node needs one of `task`, `chain`, `group` or `chord`, and this one has none');
    } finally {
      delete (Object.prototype as Record<string, unknown>).task;
    }
  });
});

describe('when a document built in code holds values JSON cannot', () => {
  it('reports an argument that is not JSON, with its path', () => {
    expect(problemsOf({ chain: [{ task: 'a', args: [1, { when: new Date(0) }] }] })).toEqual([
      {
        path: '/chain/0/args/1/when',
        message: 'An argument is not a JSON value: found Date',
        hint: 'arguments travel as JSON; pass plain objects, arrays, strings, finite numbers, booleans or null',
      },
    ]);
    expect(problemsOf({ task: 'a', args: [Number.NaN] })[0]?.path).toBe('/args/0');
    expect(problemsOf({ task: 'a', args: [() => 1] })[0]?.path).toBe('/args/0');
  });

  it('reports an option that is not JSON without throwing anything else', () => {
    expect(problemsOf({ task: 'a', options: { retries: { n: 1n } } })).toEqual([{ path: '/options/retries/n', message: 'An option is not a JSON value: found bigint' }]);
    expect(problemsOf({ task: 'a', options: { eta: new Date(0) } })[0]?.path).toBe('/options/eta');
  });

  it('reports an option of Infinity or NaN as not JSON, though the schema alone counts them as numbers', () => {
    // The shared ajv is not strict, so strictNumbers is off: the walk, not the schema, refuses these.
    expect(problemsOf({ task: 'a', options: { retries: Infinity } })).toEqual([{ path: '/options/retries', message: 'An option is not a JSON value: found Infinity' }]);
    expect(problemsOf({ task: 'a', options: { countdown: Number.NaN } })).toEqual([{ path: '/options/countdown', message: 'An option is not a JSON value: found NaN' }]);
  });

  it('reports a class instance where a node should be', () => {
    class Step {
      task = 'a';
    }
    expect(problemsOf({ chain: [new Step()] })[0]?.message).toBe('Expected a node (an object with one of `task`, `chain`, `group` or `chord`), got a Step');
  });

  it("says what the schema finds wrong with options that are a class instance, in the schema's words", () => {
    // The walk words options only when they are a plain object; the schema reads a class instance's own fields.
    class Retries {
      retries = -1;
    }
    class Backoff {
      backoff = { type: 'fixed' };
    }
    class Misspelt {
      retrys = 1;
    }
    expect(problemsOf({ task: 'a', options: new Retries() })).toEqual([{ path: '/options/retries', message: `${schemaMismatch} must be >= 0` }]);
    expect(problemsOf({ task: 'a', options: new Backoff() })).toEqual([{ path: '/options/backoff', message: `${schemaMismatch} must have required property 'delay'` }]);
    expect(problemsOf({ task: 'a', options: new Misspelt() })).toEqual([{ path: '/options', message: 'Expected `options` to be an object of task options, got a Misspelt' }]);
  });

  it('points to an option of a class instance that only the canvas refuses, wherever the node is', () => {
    // The schema's date-time format takes a leap second; the canvas, which also asks Date.parse, does not.
    class Leap {
      eta = '2030-12-31T23:59:60Z';
    }
    const message = "Expected `eta` to be a Date or an RFC 3339 date-time string such as `2030-01-31T09:00:00Z`, got `'2030-12-31T23:59:60Z'` (string)";
    expect(problemsOf({ task: 'a', options: new Leap() })).toEqual([{ path: '/options/eta', message }]);
    expect(problemsOf({ chord: { header: [], body: { task: 'b', options: new Leap() } } })).toEqual([{ path: '/chord/body/options/eta', message }]);
  });

  it('accepts objects without a prototype, as some parsers make them', () => {
    const bare = <T extends object>(object: T): T => Object.assign(Object.create(null) as T, object);
    expect(fromJSON(bare({ chord: bare({ header: [bare({ task: 'a' })], body: bare({ task: 'b', options: bare({ retries: 1 }) }) }) }))).toStrictEqual(
      chord([signature('a')], signature('b').set({ retries: 1 })),
    );
  });

  it('takes a key set to undefined as absent, as JSON.stringify does', () => {
    expect(fromJSON({ task: 'a', args: undefined, options: undefined, link: undefined })).toStrictEqual(signature('a'));
    expect(Object.keys(parseDocument({ task: 'a', name: undefined, params: undefined }).meta)).toEqual([]);
  });

  it('reports a hole in a list of nodes in the schema\'s words, once per place', () => {
    // The walk visits a list with forEach, which skips holes; JSON.parse never makes one. The schema still
    // refuses the document, so its errors are said as ajv words them.
    expect(problemsOf({ chord: { header: new Array<unknown>(2), body: { task: 'b' } } })).toEqual([
      { path: '/chord/header/0', message: `${schemaMismatch} must be object` },
      { path: '/chord/header/1', message: `${schemaMismatch} must be object` },
      { path: '/', message: `${schemaMismatch} must match "else" schema` },
    ]);
  });
});

describe('when a document within the limits has thousands of mistakes', () => {
  it('lists the first 1,000 and says how many more there are', () => {
    const node: Record<string, unknown> = { task: 'a' };
    for (let i = 0; i < 5_000; i++) node[`x${i}`] = 1;
    const problems = problemsOf(node);
    expect(problems).toHaveLength(1_001);
    expect(problems[1_000]).toEqual({ path: '/', message: '…and 4000 more problems, not listed', hint: 'fix the ones above first' });
  });
});

describe('when a document has exactly as many mistakes as are listed', () => {
  it('lists them all, with no "more" line', () => {
    const node: Record<string, unknown> = { task: 'a' };
    for (let i = 0; i < 1_000; i++) node[`x${i}`] = 1;
    const problems = problemsOf(node);
    expect(problems).toHaveLength(1_000);
    expect(problems.every((p) => p.message.startsWith('Unknown key'))).toBe(true);
  });
});
