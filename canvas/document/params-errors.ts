import type { ErrorObject } from 'ajv/dist/2020.js';
import { escapePointer } from '../json.js';
import { suggest } from '../suggest.js';
import { show } from './show.js';

/**
 * One ajv error in plain words, without its subject: the caller names what sits at `pointer` ("`limit`",
 * "task 'add' argument 1") and puts `phrase` after it. Shared by document params and task contracts.
 */
export interface SchemaComplaint {
  /** JSON pointer into the validated value of what the phrase is about; for a missing or unknown key, that key. */
  readonly pointer: string;
  /** A verb phrase: "must be an integer, got `1.5` (number)", "is required". */
  readonly phrase: string;
  readonly hint?: string;
  /** The ajv error it came from (compiled with `verbose: true`, so `data` is the value found). */
  readonly error: ErrorObject;
}

/**
 * The errors of one validation in plain words, one per mistake. A failed `anyOf`/`oneOf` is said once, not
 * with every branch's errors; `if` is dropped, since the `then` or `else` errors say what is wrong.
 */
export function schemaComplaints(errors: readonly ErrorObject[]): SchemaComplaint[] {
  const branches = errors.filter((e) => branching.has(e.keyword)).map((e) => `${e.schemaPath}/`);
  const seen = new Set<string>();
  const out: SchemaComplaint[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    if (branches.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    const complaint = complain(error);
    const key = `${complaint.pointer}\u0000${complaint.phrase}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(complaint);
  }
  return out;
}

/** Keywords whose sub-schemas' errors are noise once the keyword itself has failed. */
const branching = new Set(['anyOf', 'oneOf', 'not', 'contains', 'propertyNames']);

function complain(error: ErrorObject): SchemaComplaint {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const got = `, got ${show(error.data)}`;
  const simple = (phrase: string): SchemaComplaint => ({ pointer: at, phrase, error });
  switch (error.keyword) {
    case 'type':
      return simple(`must be ${typeWords(params.type)}${got}`);
    case 'required':
      return { pointer: `${at}/${escapePointer(String(params.missingProperty))}`, phrase: 'is required', error };
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      const known = propertiesOf(error.parentSchema);
      const near = suggest(key, known);
      const hint = near ? `did you mean \`${near}\`?` : known.length > 0 ? `allowed: ${known.slice(0, 8).map((k) => `\`${k}\``).join(', ')}` : undefined;
      const complaint = { pointer: `${at}/${escapePointer(key)}`, phrase: 'is not an allowed property', error };
      return hint === undefined ? complaint : { ...complaint, hint };
    }
    case 'enum':
      return simple(`must be one of ${listed(params.allowedValues)}${got}`);
    case 'const':
      return simple(`must be ${literal(params.allowedValue)}${got}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return simple(`must be ${comparisons[String(params.comparison)] ?? String(params.comparison)} ${String(params.limit)}${got}`);
    case 'multipleOf':
      return simple(`must be a multiple of ${String(params.multipleOf)}${got}`);
    case 'minLength':
      return simple(`must be at least ${count(params.limit, 'character')} long${got}`);
    case 'maxLength':
      return simple(`must be at most ${count(params.limit, 'character')} long${got}`);
    case 'pattern':
      return simple(`must match the pattern \`${String(params.pattern)}\`${got}`);
    case 'format':
      return simple(`must be a valid ${String(params.format)}${got}`);
    case 'minItems':
      return simple(`must have at least ${count(params.limit, 'item')}, got ${lengthOf(error.data)}`);
    case 'maxItems':
    case 'items':
    case 'additionalItems':
      return simple(`must have at most ${count(params.limit, 'item')}, got ${lengthOf(error.data)}`);
    case 'uniqueItems':
      return simple(`must not repeat an item (items ${String(params.j)} and ${String(params.i)} are equal)`);
    case 'minProperties':
      return simple(`must have at least ${count(params.limit, 'property', 'properties')}`);
    case 'maxProperties':
      return simple(`must have at most ${count(params.limit, 'property', 'properties')}`);
    case 'dependentRequired':
      return { pointer: `${at}/${escapePointer(String(params.missingProperty))}`, phrase: `is required when \`${String(params.property)}\` is given`, error };
    case 'anyOf':
      return simple(`does not match any of its allowed forms${got}`);
    case 'oneOf':
      return simple(`${params.passingSchemas === null ? 'does not match any of its allowed forms' : 'matches more than one of its allowed forms, and must match exactly one'}${got}`);
    case 'not':
      return simple(`must not match the schema under \`not\`${got}`);
    case 'contains':
      return simple(`must contain at least ${count(params.minContains ?? 1, 'matching item')}`);
    case 'propertyNames':
      return simple(`has a property name that is not allowed: \`${String(params.propertyName)}\``);
    case 'false schema':
      return simple('is not allowed');
    default:
      return simple(`${error.message ?? `fails \`${error.keyword}\``}${got}`);
  }
}

const comparisons: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'greater than', '<': 'less than' };

const typeNames: Record<string, string> = {
  number: 'a number',
  integer: 'an integer',
  string: 'a string',
  boolean: '`true` or `false`',
  object: 'an object',
  array: 'an array',
  null: '`null`',
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',');
  const words = types.map((t) => typeNames[t] ?? t);
  return words.length <= 1 ? (words[0] ?? 'of another type') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]!}`;
}

function propertiesOf(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const properties = (schema as { properties?: unknown }).properties;
  return typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
}

/** A schema's literal (`enum`, `const`) as JSON, short: schemas come from documents, so they may be large. */
function literal(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return `\`${text.length > 40 ? `${text.slice(0, 40)}…` : text}\``;
}

function listed(values: unknown): string {
  const all = Array.isArray(values) ? values : [values];
  const shown = all.slice(0, 8).map(literal).join(', ');
  return all.length > 8 ? `${shown} (and ${all.length - 8} more)` : shown;
}

function count(n: unknown, one: string, many = `${one}s`): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

function lengthOf(data: unknown): string {
  if (Array.isArray(data)) return String(data.length);
  return show(data);
}
