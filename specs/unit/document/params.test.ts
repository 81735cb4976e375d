import { describe, expect, it } from 'vitest';
import { parseDocument, toJSON } from '../../../canvas/document/index.js';
import { bindParams } from '../../../canvas/document/params-bind.js';
import { isParamReference, paramProblems, paramReferences } from '../../../canvas/document/params.js';
import type { ValidationProblem } from '../../../canvas/errors.js';
import { validationErrorOf } from '../validation-error.js';

const params = {
  type: 'object',
  properties: {
    site: { type: 'string', format: 'uri' },
    pages: { type: 'integer', minimum: 1 },
    limit: { type: 'integer', default: 10 },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['site', 'pages'],
  additionalProperties: false,
};

/** A chain whose references sit at the top of args, deep inside an object, in a chord body and in an errback. */
const doc = {
  params,
  chain: [
    { task: 'fetch', args: [{ $param: 'site' }, { options: { depth: [1, { $param: 'pages' }] } }] },
    { chord: { header: [{ task: 'parse' }], body: { task: 'report', args: [{ $param: 'limit' }] } } },
  ],
  linkError: [{ task: 'note', args: [{ $param: 'tags' }] }],
};

function bindProblems(values: unknown, document: object = doc): readonly ValidationProblem[] {
  const { canvas, meta } = parseDocument(document);
  return validationErrorOf(() => bindParams(canvas, meta, values), 'bindParams accepted the values').errors;
}

describe('parameter references', () => {
  it('are found at any depth in args, with document paths, links and errbacks included', () => {
    expect(paramReferences(parseDocument(doc).canvas)).toEqual([
      { path: '/chain/0/args/0', name: 'site' },
      { path: '/chain/0/args/1/options/depth/1', name: 'pages' },
      { path: '/chain/1/chord/body/args/0', name: 'limit' },
      { path: '/linkError/0/args/0', name: 'tags' },
    ]);
  });

  it('are found among arguments of every kind: strings, numbers and null are not looked into', () => {
    expect(paramReferences(parseDocument({ task: 'a', args: ['text', 1, null, [null, 'x'], { k: null }, { $param: 'n' }] }).canvas)).toEqual([{ path: '/args/5', name: 'n' }]);
  });

  it('are objects with exactly the one key `$param` holding a string', () => {
    expect(isParamReference({ $param: 'a' })).toBe(true);
    expect(isParamReference({ $param: 'a', other: 1 })).toBe(false);
    expect(isParamReference({ $param: 3 })).toBe(false);
    expect(isParamReference([{ $param: 'a' }])).toBe(false);
  });
});

describe('paramProblems', () => {
  describe('when a reference names an undeclared parameter', () => {
    it('reports it at the reference, with a did-you-mean', () => {
      const { canvas, meta } = parseDocument({ params, task: 'fetch', args: [{ $param: 'site' }, { $param: 'page' }] });
      expect(paramProblems(canvas, meta)).toEqual([{ path: '/args/1', message: 'Parameter `page` is not declared in `params.properties`', hint: 'did you mean `pages`?' }]);
    });
  });

  describe('when the document declares no params at all', () => {
    it('says so at each reference', () => {
      const { canvas, meta } = parseDocument({ task: 'fetch', args: [{ $param: 'site' }] });
      expect(paramProblems(canvas, meta)).toEqual([expect.objectContaining({ path: '/args/0', message: 'Parameter `site` is used, but the document declares no `params`' })]);
    });
  });

  describe('when params is not a valid JSON Schema', () => {
    it('reports it at /params', () => {
      const { canvas, meta } = parseDocument({ params: { type: 'object', properties: { a: { type: 'nope' } } }, task: 'fetch' });
      expect(paramProblems(canvas, meta)).toEqual([expect.objectContaining({ path: '/params', message: expect.stringMatching(/^`params` is not a valid JSON Schema/) })]);
    });

    it('still does after another document gave its params the meta-schema’s $id', () => {
      const taker = parseDocument({ params: { $id: 'https://json-schema.org/draft/2020-12/schema', type: 'object' }, task: 'fetch' });
      expect(paramProblems(taker.canvas, taker.meta)).toEqual([]);
      const { canvas, meta } = parseDocument({ params: { type: 'object', properties: { b: { type: 'nope' } } }, task: 'fetch' });
      expect(paramProblems(canvas, meta)).toEqual([expect.objectContaining({ path: '/params', message: expect.stringMatching(/^`params` is not a valid JSON Schema/) })]);
    });
  });
});

describe('bindParams', () => {
  describe('when the values are valid', () => {
    it('replaces every reference at any depth, and fills in defaults', () => {
      const { canvas, meta } = parseDocument(doc);
      const bound = bindParams(canvas, meta, { site: 'https://example.com', pages: 3, tags: ['a'] });
      expect(toJSON(bound)).toEqual({
        chain: [
          { task: 'fetch', args: ['https://example.com', { options: { depth: [1, 3] } }] },
          { chord: { header: [{ task: 'parse' }], body: { task: 'report', args: [10] } } },
        ],
        linkError: [{ task: 'note', args: [['a']] }],
      });
    });

    it('keeps options, links, errbacks and immutability', () => {
      const document = {
        params: { type: 'object', properties: { n: { type: 'number' } } },
        task: 'a',
        args: [{ $param: 'n' }],
        immutable: true,
        options: { retries: 2, queue: 'q' },
        link: [{ task: 'b', args: [{ $param: 'n' }] }],
      };
      const { canvas, meta } = parseDocument(document);
      expect(toJSON(bindParams(canvas, meta, { n: 4 }))).toEqual({ task: 'a', args: [4], immutable: true, options: { retries: 2, queue: 'q' }, link: [{ task: 'b', args: [4] }] });
    });

    it('changes neither the original canvas nor the values given', () => {
      const { canvas, meta } = parseDocument(doc);
      const before = JSON.stringify(toJSON(canvas));
      const values = { site: 'https://example.com', pages: 3, tags: ['a'] };
      const bound = bindParams(canvas, meta, values);
      expect(bound).not.toBe(canvas);
      expect(JSON.stringify(toJSON(canvas))).toBe(before);
      expect(values).toEqual({ site: 'https://example.com', pages: 3, tags: ['a'] });
    });
  });

  describe('when a required parameter is missing', () => {
    it('says it is required, at /params/<name>', () => {
      expect(bindProblems({ site: 'https://example.com', tags: [] })).toEqual([{ path: '/params/pages', message: '`pages` is required' }]);
    });
  });

  describe('when values have the wrong type or form', () => {
    it('reports each at its path in the values, in plain words', () => {
      expect(bindProblems({ site: 'not a uri', pages: 1.5, tags: ['a', 2] })).toEqual([
        { path: '/params/site', message: "`site` must be a valid uri, got `'not a uri'` (string)" },
        { path: '/params/pages', message: '`pages` must be an integer, got `1.5` (number)' },
        { path: '/params/tags/1', message: '`tags/1` must be a string, got `2` (number)' },
      ]);
    });

    it('names an unknown parameter with a did-you-mean', () => {
      expect(bindProblems({ site: 'https://example.com', pages: 1, limt: 3, tags: [] })).toEqual([
        { path: '/params/limt', message: '`limt` is not an allowed property', hint: 'did you mean `limit`?' },
      ]);
    });

    it('says once that they must be an object, when the schema says it too', () => {
      expect(bindProblems(5, { params: { type: 'object', properties: { a: {} } }, task: 'a', args: [{ $param: 'a' }] })).toEqual([
        { path: '/params', message: 'The parameters must be an object, got `5` (number)' },
      ]);
    });

    it('reports a used parameter with no value beside a wrong one', () => {
      const document = { params: { type: 'object', properties: { a: { type: 'integer' }, b: {} } }, task: 'a', args: [{ $param: 'a' }, { $param: 'b' }] };
      expect(bindProblems({ a: 'x' }, document).map((p) => p.path)).toEqual(['/params/a', '/params/b']);
    });

    it('says when the values are not an object at all', () => {
      expect(bindProblems('x', { params: { properties: { a: {} } }, task: 'a', args: [{ $param: 'a' }] })).toEqual([expect.objectContaining({ path: '/params' })]);
    });
  });

  describe('when a used parameter has no value and no default', () => {
    it('says it has no value', () => {
      const document = { params: { type: 'object', properties: { n: { type: 'number' } } }, task: 'a', args: [{ $param: 'n' }] };
      expect(bindProblems({}, document)).toEqual([expect.objectContaining({ path: '/params/n', message: '`n` has no value, and the workflow uses it' })]);
    });
  });

  describe('when the document has no params and uses none', () => {
    it('binds nothing and checks nothing', () => {
      const { canvas, meta } = parseDocument({ task: 'a', args: [1] });
      expect(bindParams(canvas, meta, { anything: 1 })).toStrictEqual(canvas);
    });
  });

  describe('when a reference is undeclared', () => {
    it('throws the reference problem instead of binding', () => {
      expect(bindProblems({}, { params: { type: 'object', properties: {} }, task: 'a', args: [{ $param: 'n' }] })).toEqual([expect.objectContaining({ path: '/args/0' })]);
    });
  });
});
