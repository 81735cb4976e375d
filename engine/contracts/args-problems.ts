import type { ValidateFunction } from 'ajv/dist/2020.js';
import { schemaComplaints, type SchemaComplaint } from '../../canvas/document/params-errors.js';
import { isParamReference } from '../../canvas/document/params.js';
import type { Json } from '../../canvas/json.js';
import type { Received } from './walk.js';

/** One thing wrong with an argument list, in words that follow the task's name: "argument 1 must be a number, got ...". */
export interface ArgsComplaint {
  /** JSON pointer into the literal `args` (`/0/site`), or `''` for the list as a whole (its length). */
  readonly pointer: string;
  readonly text: string;
  readonly hint?: string;
}

export interface ArgsCheck {
  readonly args: readonly Json[];
  /** What the task receives in front of `args`, if anything: the list checked is then one longer, its first item unknown. */
  readonly receives?: Received;
  /** Pointers into `args` of parameter references, whose values are not known yet: nothing at or below them is judged. */
  readonly unknown?: readonly string[];
}

const receivedWords: Record<Received, string> = {
  result: "its parent's result",
  failure: 'the failure description',
  input: 'the workflow input',
};

/**
 * The argument list checked against a task's input contract. With nothing received, `args` is the whole list.
 * Otherwise literal argument i sits at position i + 1: the list is checked with a stand-in in front, and what
 * depends on the stand-in (position 0, and list-level `anyOf`, `if`, `contains`...) is not reported, while the
 * count is, counting the received value.
 */
export function argsComplaints(validate: ValidateFunction, check: ArgsCheck): ArgsComplaint[] {
  const shift = check.receives === undefined ? 0 : 1;
  const list: unknown = shift === 0 ? check.args : [null, ...check.args];
  if (validate(list)) return [];
  const out: ArgsComplaint[] = [];
  for (const complaint of schemaComplaints(validate.errors ?? [])) {
    const said = describe(complaint, check, shift, check.args.length + shift);
    if (said) out.push(said);
  }
  return out;
}

function describe(complaint: SchemaComplaint, check: ArgsCheck, shift: number, length: number): ArgsComplaint | undefined {
  const { error } = complaint;
  if (shift === 1 && dependsOnStandIn(complaint)) return undefined;
  const received = check.receives === undefined ? '' : ` (${receivedWords[check.receives]} and ${check.args.length} in \`args\`)`;
  const shifted = check.receives === undefined ? {} : { hint: `it receives ${receivedWords[check.receives]} as argument 0, so \`args\` starts at argument 1` };
  if (complaint.pointer === '') {
    const limit = Number((error.params as { limit?: unknown }).limit);
    if (error.keyword === 'minItems') return { pointer: '', text: `must have at least ${count(limit)}, got ${length}${received}`, ...shifted };
    if (countKeywords.has(error.keyword)) return { pointer: '', text: `must have at most ${count(limit)}, got ${length}${received}`, ...shifted };
    return { pointer: '', text: `argument list ${complaint.phrase}`, ...hintOf(complaint) };
  }
  const slash = complaint.pointer.indexOf('/', 1);
  const position = Number(complaint.pointer.slice(1, slash === -1 ? undefined : slash));
  const rest = slash === -1 ? '' : complaint.pointer.slice(slash);
  const pointer = `/${position - shift}${rest}`;
  if (check.unknown?.some((ref) => covers(ref, pointer, error.keyword))) return undefined;
  const hint = hintOf(complaint).hint ?? shifted.hint;
  return { pointer, text: `argument ${position}${rest ? ` at ${rest}` : ''} ${complaint.phrase}`, ...(hint ? { hint } : {}) };
}

const countKeywords = new Set(['maxItems', 'items', 'additionalItems']);

/** List-level keywords whose verdict may turn on the received value, which is not known before the run. */
const dependsOnFirst = /^#\/(anyOf|oneOf|not|if|then|else|contains|minContains|maxContains|unevaluatedItems)(\/|$)/;

function dependsOnStandIn(complaint: SchemaComplaint): boolean {
  const { error, pointer } = complaint;
  if (pointer === '/0' || pointer.startsWith('/0/')) return true;
  if (dependsOnFirst.test(error.schemaPath)) return true;
  if (pointer !== '') return false;
  if (error.keyword === 'uniqueItems') {
    const { i, j } = error.params as { i?: number; j?: number };
    return i === 0 || j === 0;
  }
  return error.keyword !== 'minItems' && !countKeywords.has(error.keyword);
}

/** Keywords that judge an object or array by its shape, not by the values a reference inside it stands for. */
const shapeKeywords = new Set(['type', 'required', 'additionalProperties', 'unevaluatedProperties', 'minItems', 'maxItems', 'items', 'minProperties', 'maxProperties', 'propertyNames', 'dependentRequired']);

/** Whether a complaint at `pointer` may be about the value of the reference at `ref` (at it, inside it, or around it). */
function covers(ref: string, pointer: string, keyword: string): boolean {
  if (pointer === ref || pointer.startsWith(`${ref}/`)) return true;
  return ref.startsWith(`${pointer}/`) && !shapeKeywords.has(keyword);
}

function hintOf(complaint: SchemaComplaint): { hint?: string } {
  if (complaint.hint) return { hint: complaint.hint };
  if (isParamReference(complaint.error.data)) return { hint: 'this is a parameter reference: app.fromJSON(doc, { params }) replaces it with its value' };
  return {};
}

function count(n: number): string {
  return `${n} argument${n === 1 ? '' : 's'}`;
}
