import type { Canvas } from '../canvas.js';
import type { ValidationProblem } from '../errors.js';
import type { Json } from '../json.js';
import type { CanvasNode } from '../node.js';
import type { Signature } from '../signature.js';
import { suggest } from '../suggest.js';
import { isPlainObject } from './read.js';
import { join } from './pointer.js';
import { paramsValidator } from './params-schema.js';
import type { DocumentMeta } from './types.js';

/** `{ "$param": "name" }` in a task's `args`, at any depth: replaced by the value of parameter `name` when bound. */
export interface ParamReference {
  /** JSON pointer of the reference in the document, e.g. `/chain/0/args/1/site`. */
  readonly path: string;
  readonly name: string;
}

/** A parameter reference is an object with exactly one key, `$param`, whose value is a string. */
export function isParamReference(value: unknown): value is { $param: string } {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$param' && typeof value.$param === 'string';
}

/**
 * Every `{ "$param": name }` in the canvas's task arguments, in document order, links and errbacks included.
 * @example
 * paramReferences(fromJSON({ task: 'fetch', args: [{ $param: 'site' }] })) // [{ path: '/args/0', name: 'site' }]
 */
export function paramReferences(canvas: Canvas): ParamReference[] {
  const out: ParamReference[] = [];
  forEachSignature(canvas, '', (signature, path) => {
    signature.args.forEach((arg, i) => collect(arg, join(join(path, 'args'), i), out));
  });
  return out;
}

function collect(value: Json, path: string, out: ParamReference[]): void {
  if (isParamReference(value)) {
    out.push({ path, name: value.$param });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, join(path, i), out));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) collect(item as Json, join(path, key), out);
  }
}

/**
 * What is wrong with a document's parameters before any value is given: `params` that is not a valid JSON
 * Schema (at `/params`), and each reference to a name `params.properties` does not declare (at the reference).
 */
export function paramProblems(canvas: Canvas, meta: DocumentMeta): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const schema = meta.params;
  if (schema !== undefined) {
    try {
      paramsValidator(schema);
    } catch (error) {
      problems.push({ path: '/params', message: `\`params\` is not a valid JSON Schema: ${(error as Error).message}`, hint: 'params is a JSON Schema (draft 2020-12) for an object: {"type": "object", "properties": {...}}' });
    }
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (schema.type !== undefined && !types.includes('object')) {
      problems.push({ path: '/params/type', message: `\`params\` describes the object of parameter values, so its \`type\` must be \`"object"\`, got ${JSON.stringify(schema.type)}` });
    }
  }
  const declared = declaredNames(meta);
  for (const reference of paramReferences(canvas)) {
    if (declared.includes(reference.name)) continue;
    const near = suggest(reference.name, declared);
    problems.push({
      path: reference.path,
      message: schema === undefined ? `Parameter \`${reference.name}\` is used, but the document declares no \`params\`` : `Parameter \`${reference.name}\` is not declared in \`params.properties\``,
      hint: near ? `did you mean \`${near}\`?` : `declare it: "params": {"type": "object", "properties": {"${reference.name}": {...}}}`,
    });
  }
  return problems;
}

function declaredNames(meta: DocumentMeta): string[] {
  const properties = meta.params?.properties;
  return isPlainObject(properties) ? Object.keys(properties) : [];
}

/** Calls `visit` with every signature of the canvas and its document path, in document order. */
function forEachSignature(node: CanvasNode, path: string, visit: (signature: Signature, path: string) => void): void {
  const canvas = node as Canvas;
  switch (canvas.kind) {
    case 'task':
      visit(canvas, path);
      break;
    case 'chain':
      canvas.steps.forEach((step, i) => forEachSignature(step, join(join(path, 'chain'), i), visit));
      break;
    case 'group':
      canvas.members.forEach((member, i) => forEachSignature(member, join(join(path, 'group'), i), visit));
      break;
    case 'chord':
      canvas.header.forEach((member, i) => forEachSignature(member, `${path}/chord/header/${i}`, visit));
      forEachSignature(canvas.body, `${path}/chord/body`, visit);
      break;
  }
  canvas.links.forEach((link, i) => forEachSignature(link, join(join(path, 'link'), i), visit));
  canvas.errbacks.forEach((errback, i) => forEachSignature(errback, join(join(path, 'linkError'), i), visit));
}
