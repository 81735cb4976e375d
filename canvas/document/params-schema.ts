import type { ValidateFunction } from 'ajv/dist/2020.js';
import { compileSchema } from '../json-schema.js';

/** Compiled `params` schemas by their JSON text, newest last; bounded, since documents come and go. */
const compiled = new Map<string, ValidateFunction>();
const mostKept = 64;
/** Longer schemas are compiled every time rather than kept: a key is the whole text, and documents may be 1 MB. */
const longestKept = 16_384;

/**
 * The validator of a document's `params` schema: every error, the value found in each error, and the
 * schema's defaults written into the value (`writesDefaults`), so validate a copy.
 * Throws ajv's error when the schema is not a valid JSON Schema (draft 2020-12).
 *
 * A `params` schema comes with the document, so it is no more trusted than the document. ajv builds its code
 * from schemas with escaping templates and loads no remote `$ref`; what remains is cost: the document limits
 * bound the schema's size and depth, but a `pattern` may still be slow on a hostile value (ReDoS).
 */
export function paramsValidator(schema: { readonly [key: string]: unknown }): ValidateFunction {
  const key = JSON.stringify(schema);
  const known = compiled.get(key);
  if (known) {
    compiled.delete(key);
    compiled.set(key, known);
    return known;
  }
  const validate = compileSchema(schema, { writesDefaults: true });
  if (key.length <= longestKept) {
    compiled.set(key, validate);
    if (compiled.size > mostKept) compiled.delete(compiled.keys().next().value!);
  }
  return validate;
}
