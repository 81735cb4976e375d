import { Ajv2020, type SchemaObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is `module.exports`, which also has itself as `.default`.
const addFormats = addFormatsModule.default;

/**
 * The one ajv of the library. Workflow documents, a document's `params` schema and task contracts are all
 * compiled here, so a schema means the same wherever it is used: one set of options, one set of formats, and
 * ajv's meta-schemas compiled once. Each option is therefore a choice for all three:
 *
 * - `strict: false`: params and contracts are users' schemas, and JSON Schema allows what strict mode
 *   refuses (unknown keywords, `type`-less `properties`...). Our own schema is held to strict mode by a test
 *   that compiles it with a strict ajv of its own. The one verdict it changes is `strictNumbers` (NaN and
 *   Infinity count as numbers): params and contracts never had it, and in a document the walk refuses a
 *   non-JSON option before the schema's verdict is used.
 * - `useDefaults: true`, for params, whose defaults fill in missing values. `default` is an annotation that
 *   changes no verdict, so every other schema is compiled without its defaults and its validator never
 *   writes into what it checks: a contract judges the arguments it is given, as they are.
 * - `verbose: true`: each error carries the value found, for "got ..." messages; other messages are the same.
 * - `addUsedSchema: false`, and ajv's registry put back as it was after each compile: an `$id` is never
 *   registered, so two apps, two documents or a document and a contract may use the same `$id`, and none
 *   can reach, replace or remove another's schema or ajv's meta-schemas.
 *
 * specs/unit/json-schema.test.ts fails if another `new Ajv` appears in the library.
 */
const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: true, verbose: true, addUsedSchema: false });
addFormats(ajv);

/** A JSON Schema (draft 2020-12): an object, or `true` (anything) / `false` (nothing). */
export type JsonSchema = boolean | { readonly [key: string]: unknown };

export interface CompileOptions {
  /** Write each `properties` default the value lacks into it (ajv's `useDefaults`), so validate a copy. @default false */
  readonly writesDefaults?: boolean;
}

/**
 * The validator of a schema, compiled from a copy, so a later change to the caller's object changes nothing.
 * Throws ajv's error when the schema is not a valid JSON Schema. Keeping compiled validators is the caller's
 * business: ajv forgets the schema once compiled, so its memory does not grow with every document.
 * @example
 * const validate = compileSchema({ type: 'array', prefixItems: [{ type: 'number' }] });
 * validate([1]); // true
 */
export function compileSchema(schema: JsonSchema, options: CompileOptions = {}): ValidateFunction {
  // ajv keeps one compiled function per boolean schema; there is nothing to copy or forget.
  if (typeof schema === 'boolean') return ajv.compile(schema);
  const copy = structuredClone(schema) as SchemaObject;
  const own = options.writesDefaults === true ? copy : (withoutDefaults(copy) as SchemaObject);
  const refs = { ...ajv.refs };
  const schemas = { ...ajv.schemas };
  try {
    return ajv.compile(own);
  } finally {
    // removeSchema drops `own` from ajv's cache, but also deletes whatever is registered under its `$id` (a
    // meta-schema's, say), and the `$id`s inside it stay registered: the registry is put back as it was.
    ajv.removeSchema(own);
    restore(ajv.refs, refs);
    restore(ajv.schemas, schemas);
  }
}

function restore<T>(registry: { [key: string]: T }, before: { readonly [key: string]: T }): void {
  for (const key of Object.keys(registry)) if (!Object.hasOwn(before, key)) delete registry[key];
  Object.assign(registry, before);
}

/** Keywords whose value is data, not a schema: kept as written, defaults and all. */
const dataKeywords = new Set(['const', 'enum', 'examples']);
/** Keywords whose value is an object of schemas by name: a property may well be called `default` or `enum`. */
const schemasByName = new Set(['properties', 'patternProperties', 'dependentSchemas', 'dependencies', '$defs', 'definitions']);

/** The schema without `default` in any of its schemas, wherever ajv could reach them (through `$ref` too, save into a `const`). */
function withoutDefaults(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDefaults);
  if (typeof schema !== 'object' || schema === null) return schema;
  // fromEntries defines own keys, so a property named `__proto__` stays a property.
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== 'default')
      .map(([key, value]) => [key, dataKeywords.has(key) ? value : schemasByName.has(key) ? byName(value) : withoutDefaults(value)]),
  );
}

function byName(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return withoutDefaults(value);
  return Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, withoutDefaults(schema)]));
}
