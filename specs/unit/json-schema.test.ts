import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fromJSON, workflowSchema } from '../../canvas/document/index.js';
import { nodeSchema } from '../../canvas/document/validators.js';
import { compileSchema } from '../../canvas/json-schema.js';

const root = join(import.meta.dirname, '..', '..');
/** Not the library: tests make throwaway instances of their own, and the rest is not ours or is built. */
const skipped = new Set(['node_modules', 'dist', 'specs', 'reports', '.git', '.stryker-tmp', '.stryker-tmp-canvas', '.vitest-cache', 'ui-dist']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (skipped.has(name)) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** `new Ajv...(` outside comments (schema.ts's TSDoc shows users how to validate with an ajv of theirs). */
function ajvConstructions(file: string): number {
  const code = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .join('\n');
  return [...code.matchAll(/new\s+Ajv\w*\s*\(/g)].length;
}

describe('the ajv instance', () => {
  it('is made once in the library, in canvas/json-schema.ts', () => {
    const made = sources(root).flatMap((file) => Array(ajvConstructions(file)).fill(relative(root, file)) as string[]);
    expect(made).toEqual(['canvas/json-schema.ts']);
  });
});

describe('when our own schemas are compiled in strict mode', () => {
  // The shared instance is not strict, for users' schemas; this keeps ours strict-clean all the same.
  const strict = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormatsModule.default(strict, ['date-time']);

  it('compiles the document schema and every node schema without complaint', () => {
    expect(() => strict.compile(structuredClone(workflowSchema) as object)).not.toThrow();
    for (const kind of ['task', 'chain', 'group', 'chord'] as const) {
      for (const atRoot of [false, true]) expect(() => strict.compile(nodeSchema(kind, atRoot))).not.toThrow();
    }
  });
});

describe('compileSchema', () => {
  const requiredWithDefault = { type: 'object', properties: { a: { type: 'integer', default: 1 } }, required: ['a'] };

  describe('when a schema has defaults and is compiled without writesDefaults', () => {
    it('judges the value as given: a missing property stays missing, and required still fails', () => {
      const validate = compileSchema(requiredWithDefault);
      const value = {};
      expect(validate(value)).toBe(false);
      expect(value).toEqual({});
    });

    it('writes none from $defs reached through $ref, nor from inside allOf, items or then', () => {
      const validate = compileSchema({
        $defs: { point: { type: 'object', properties: { x: { default: 0 } } } },
        type: 'array',
        prefixItems: [{ $ref: '#/$defs/point' }, { allOf: [{ properties: { y: { default: 0 } } }] }],
        items: { if: true, then: { properties: { z: { default: 0 } } } },
      });
      const value = [{}, {}, {}];
      expect(validate(value)).toBe(true);
      expect(value).toEqual([{}, {}, {}]);
    });

    it('keeps what only looks like a default: a property named `default`, and data under const and enum', () => {
      const validate = compileSchema({
        type: 'object',
        properties: { default: { type: 'string' }, c: { const: { default: 1 } }, e: { enum: [{ default: 2 }] } },
      });
      expect(validate({ default: 3 })).toBe(false);
      expect(validate({ c: {} })).toBe(false);
      expect(validate({ c: { default: 1 }, e: { default: 2 } })).toBe(true);
    });
  });

  describe('when a schema names one of its schemas `default`', () => {
    it('keeps that schema, wherever schemas go by name', () => {
      const string = { type: 'string' };
      expect(compileSchema({ patternProperties: { default: string } })({ mydefault: 1 })).toBe(false);
      expect(compileSchema({ $ref: '#/$defs/default', $defs: { default: string } })(1)).toBe(false);
      expect(compileSchema({ $ref: '#/definitions/default', definitions: { default: string } })(1)).toBe(false);
      expect(compileSchema({ dependentSchemas: { default: { required: ['x'] } } })({ default: 1 })).toBe(false);
      expect(compileSchema({ dependencies: { default: { required: ['x'] } } })({ default: 1 })).toBe(false);
    });
  });

  describe('when a schema is not a valid JSON Schema', () => {
    it("throws ajv's verdict, also where schemas go by name or a keyword holds null", () => {
      for (const schema of [{ properties: 5 }, { properties: null }, { properties: [{ type: 'string' }] }, { $defs: 'x' }, { title: null }, { items: [null] }]) {
        expect(() => compileSchema(schema)).toThrow(/^schema is invalid/);
      }
    });
  });

  describe('when the schema is `true` or `false`', () => {
    it('accepts anything or nothing', () => {
      expect([compileSchema(true)(1), compileSchema(false)(1)]).toEqual([true, false]);
    });
  });

  describe('when a schema is compiled with writesDefaults', () => {
    it('writes the defaults a value lacks into it before judging it', () => {
      const validate = compileSchema(requiredWithDefault, { writesDefaults: true });
      const value = {};
      expect(validate(value)).toBe(true);
      expect(value).toEqual({ a: 1 });
    });
  });

  describe('when the caller changes its schema object after compiling', () => {
    it('keeps validating against the schema as it was', () => {
      const schema = { type: 'object', properties: { a: { const: { n: 1 } } } };
      const validate = compileSchema(schema);
      schema.properties.a.const.n = 2;
      expect(validate({ a: { n: 1 } })).toBe(true);
    });
  });

  describe('when schemas use the same $id', () => {
    it('compiles each, and each validates against its own', () => {
      const integer = compileSchema({ $id: 'https://example.com/thing', type: 'integer' });
      const text = compileSchema({ $id: 'https://example.com/thing', type: 'string' });
      expect([integer(1), integer('a'), text('a'), text(1)]).toEqual([true, false, true, false]);
    });

    it('lets a user schema take the workflow schema’s $id, and documents still validate', () => {
      expect(compileSchema({ $id: workflowSchema.$id, type: 'integer' })(1)).toBe(true);
      expect(() => fromJSON({ task: 'a' })).not.toThrow();
      expect(() => fromJSON({ task: 'a', options: { retries: -1 } })).toThrow(/retries/);
    });

    it('lets a user schema take the meta-schema’s $id without taking the meta-schema away from the next', () => {
      expect(compileSchema({ $id: 'https://json-schema.org/draft/2020-12/schema', type: 'object' })({})).toBe(true);
      expect(() => compileSchema({ type: 'nope' })).toThrow(/schema is invalid/);
    });
  });

  describe('when a schema declares an $id inside it', () => {
    it('leaves nothing behind for the next schema’s $ref to find', () => {
      compileSchema({ $defs: { n: { $id: 'https://example.com/n', type: 'integer' } } });
      // Before, the leftover pointed `$ref` at this schema's own `#/$defs/n`, and 'x' passed as an integer.
      expect(() => compileSchema({ $ref: 'https://example.com/n', $defs: { n: { type: 'string' } } })).toThrow(/can't resolve reference/);
    });

    it('cannot reach our schemas by their ids', () => {
      expect(() => compileSchema({ $ref: workflowSchema.$id })).toThrow(/can't resolve reference/);
    });
  });
});
