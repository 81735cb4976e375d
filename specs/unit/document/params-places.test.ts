import { describe, expect, it } from 'vitest';
import { parseDocument, toJSON } from '../../../canvas/document/index.js';
import { bindParams } from '../../../canvas/document/params-bind.js';
import { paramProblems, paramReferences } from '../../../canvas/document/params.js';
import { validationErrorOf } from '../validation-error.js';

const declared = { type: 'object', properties: { n: { type: 'integer' } } };
const n = { $param: 'n' };
/** A reference in a group member, a chord header member and body, and a link and errback of nested nodes. */
const everywhere = {
  params: declared,
  group: [
    { task: 'a', args: [n] },
    { chord: { header: [{ task: 'b', args: [[n]] }], body: { task: 'c', args: [{ k: n }] } }, link: [{ task: 'd', args: [n] }] },
    { chain: [{ task: 'e', linkError: [{ task: 'f', args: [n] }] }] },
  ],
};

describe('when parameters are used in every kind of place', () => {
  it('finds each reference with its document path, in document order', () => {
    expect(paramReferences(parseDocument(everywhere).canvas).map((r) => r.path)).toEqual([
      '/group/0/args/0',
      '/group/1/chord/header/0/args/0/0',
      '/group/1/chord/body/args/0/k',
      '/group/1/link/0/args/0',
      '/group/2/chain/0/linkError/0/args/0',
    ]);
  });

  it('binds every one of them', () => {
    const { canvas, meta } = parseDocument(everywhere);
    expect(toJSON(bindParams(canvas, meta, { n: 7 }))).toEqual({
      group: [
        { task: 'a', args: [7] },
        { chord: { header: [{ task: 'b', args: [[7]] }], body: { task: 'c', args: [{ k: 7 }] } }, link: [{ task: 'd', args: [7] }] },
        { chain: [{ task: 'e', linkError: [{ task: 'f', args: [7] }] }] },
      ],
    });
  });

  it('reports a parameter without a value once, however often it is used', () => {
    const { canvas, meta } = parseDocument(everywhere);
    expect(validationErrorOf(() => bindParams(canvas, meta, undefined), 'bindParams accepted no values').errors).toEqual([
      { path: '/params/n', message: '`n` has no value, and the workflow uses it', hint: 'pass it, or give it a `default` in params.properties.n' },
    ]);
  });
});

describe('when params is not the schema of an object', () => {
  const problemsOf = (params: object) => {
    const { canvas, meta } = parseDocument({ params, task: 'a' });
    return paramProblems(canvas, meta);
  };

  it('says its type must be "object", and what it is', () => {
    expect(problemsOf({ type: 'array' })).toEqual([
      { path: '/params/type', message: '`params` describes the object of parameter values, so its `type` must be `"object"`, got "array"' },
    ]);
    expect(problemsOf({ type: ['array', 'null'] })).toEqual([
      { path: '/params/type', message: '`params` describes the object of parameter values, so its `type` must be `"object"`, got ["array","null"]' },
    ]);
  });

  it('accepts a type that allows an object, or no type at all', () => {
    expect(problemsOf({ type: ['object', 'null'] })).toEqual([]);
    expect(problemsOf({ properties: {} })).toEqual([]);
  });

  it('says how params should look when it is not a JSON Schema', () => {
    expect(problemsOf({ type: 'nope' })).toEqual([
      {
        path: '/params',
        message: expect.stringMatching(/^`params` is not a valid JSON Schema: schema is invalid/) as unknown as string,
        hint: 'params is a JSON Schema (draft 2020-12) for an object: {"type": "object", "properties": {...}}',
      },
      { path: '/params/type', message: '`params` describes the object of parameter values, so its `type` must be `"object"`, got "nope"' },
    ]);
  });
});

describe('when a reference names a parameter nothing is close to', () => {
  it('says how to declare it', () => {
    const { canvas, meta } = parseDocument({ params: declared, task: 'a', args: [{ $param: 'site' }] });
    expect(paramProblems(canvas, meta)).toEqual([
      { path: '/args/0', message: 'Parameter `site` is not declared in `params.properties`', hint: 'declare it: "params": {"type": "object", "properties": {"site": {...}}}' },
    ]);
  });
});
