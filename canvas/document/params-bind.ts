import type { Canvas } from '../canvas.js';
import { Chain } from '../chain.js';
import { Chord } from '../chord.js';
import { WorkflowValidationError, type ValidationProblem } from '../errors.js';
import { Group } from '../group.js';
import { escapePointer, findNonJson, type Json } from '../json.js';
import type { CanvasNode, NodeExtras } from '../node.js';
import { Signature } from '../signature.js';
import { schemaComplaints } from './params-errors.js';
import { paramProblems, isParamReference, paramReferences } from './params.js';
import { paramsValidator } from './params-schema.js';
import { isPlainObject } from './read.js';
import { show } from './show.js';
import type { DocumentMeta } from './types.js';

/**
 * The canvas with every `{ "$param": name }` replaced by the value of parameter `name`. The values are first
 * checked against the document's `params` schema, whose defaults fill in what is left out; every problem is
 * reported at `/params/<pointer into the values>` in one WorkflowValidationError. The canvas given is not
 * changed (canvases are immutable): a new one is built, with the same options, links and errbacks.
 * @example
 * const { canvas, meta } = parseDocument(doc); // params: { type: 'object', properties: { site: { type: 'string' } } }
 * const bound = bindParams(canvas, meta, { site: 'https://example.com' });
 */
export function bindParams(canvas: Canvas, meta: DocumentMeta, values: unknown): Canvas {
  const undeclared = paramProblems(canvas, meta);
  if (undeclared.length > 0) throw new WorkflowValidationError(undeclared);
  const bound = boundValues(canvas, meta, values === undefined ? {} : values);
  return replace(canvas, bound) as Canvas;
}

/** The checked values, with the schema's defaults applied. */
function boundValues(canvas: Canvas, meta: DocumentMeta, values: unknown): Record<string, Json> {
  const bad = findNonJson(values);
  if (bad) throw new WorkflowValidationError([{ path: `/params${bad.path}`, message: `A parameter value is not a JSON value: found ${bad.found}` }]);
  const copy = structuredClone(values) as Json;
  const problems: ValidationProblem[] = [];
  if (meta.params !== undefined) {
    const validate = paramsValidator(meta.params);
    if (!validate(copy)) {
      for (const complaint of schemaComplaints(validate.errors ?? [])) {
        const subject = complaint.pointer === '' ? 'The parameters' : `\`${complaint.pointer.slice(1)}\``;
        problems.push({ path: `/params${complaint.pointer}`, message: `${subject} ${complaint.phrase}`, ...(complaint.hint ? { hint: complaint.hint } : {}) });
      }
    }
  }
  if (!isPlainObject(copy)) {
    if (problems.length === 0) problems.push({ path: '/params', message: `The parameters must be an object of values by name, got ${show(copy)}` });
    throw new WorkflowValidationError(problems);
  }
  const missing = new Set<string>();
  for (const { name } of paramReferences(canvas)) {
    if (Object.hasOwn(copy, name) || missing.has(name)) continue;
    missing.add(name);
    if (problems.some((p) => p.path === `/params/${escapePointer(name)}`)) continue;
    problems.push({ path: `/params/${escapePointer(name)}`, message: `\`${name}\` has no value, and the workflow uses it`, hint: `pass it, or give it a \`default\` in params.properties.${name}` });
  }
  if (problems.length > 0) throw new WorkflowValidationError(problems);
  return copy as Record<string, Json>;
}

function replace(node: CanvasNode, values: Record<string, Json>): CanvasNode {
  const canvas = node as Canvas;
  const extras: NodeExtras = { options: canvas.options, links: canvas.links.map((n) => replace(n, values)), errbacks: canvas.errbacks.map((n) => replace(n, values)) };
  switch (canvas.kind) {
    case 'task':
      return new Signature(canvas.task, canvas.args.map((arg) => substitute(arg, values)), canvas.immutable, extras);
    case 'chain':
      return new Chain(canvas.steps.map((n) => replace(n, values)), extras);
    case 'group':
      return new Group(canvas.members.map((n) => replace(n, values)), extras);
    case 'chord':
      return new Chord(canvas.header.map((n) => replace(n, values)), replace(canvas.body, values), extras);
  }
}

/** The value with its references replaced; parts without a reference are shared, since Signature copies its args. */
function substitute(value: Json, values: Record<string, Json>): Json {
  if (isParamReference(value)) return values[value.$param]!;
  if (Array.isArray(value)) return value.map((item) => substitute(item, values));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item as Json, values)]));
  return value;
}
