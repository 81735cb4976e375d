import type { Canvas } from '../canvas.js';
import type { Json } from '../json.js';
import type { CanvasNode } from '../node.js';
import type { StoredOptions } from '../options.js';
import { workflowSchema } from './schema.js';
import type { DocumentMeta, DocumentOptions, TaskNodeDocument, WorkflowDocument, WorkflowNode } from './types.js';

/**
 * The document of a canvas, in canonical form, so that `fromJSON` and `toJSON` are each other's inverse:
 * - a node's kind key comes first, then (on tasks) `args` and `immutable`, then `options`, `link`, `linkError`;
 * - `args` is left out when empty, `immutable` when false, `options` when it has none, `link` and `linkError`
 *   when empty; a group's list and a chord's `header` are always written, even empty;
 * - options are written in the schema's order, `backoff` as `type`, `delay`, then `jitter` and `maxDelay` if set; dates stay
 *   the ISO strings the canvas stores;
 * - root metadata, when given, comes first: `$schema`, `name`, `description`, `params`.
 * The result is a fresh object that shares nothing with the canvas.
 * @example
 * toJSON(chain(add.s(2, 2), mul.s(8))) // { chain: [{ task: 'add', args: [2, 2] }, { task: 'mul', args: [8] }] }
 */
export function toJSON(canvas: Canvas, meta?: DocumentMeta): WorkflowDocument {
  const node = nodeToJSON(canvas);
  return meta === undefined ? node : { ...metaToJSON(meta), ...node };
}

function nodeToJSON(node: CanvasNode): WorkflowNode {
  const canvas = node as Canvas;
  const out = kindToJSON(canvas);
  const options = optionsToJSON(canvas.options);
  if (options !== undefined) out.options = options;
  if (canvas.links.length > 0) out.link = canvas.links.map(nodeToJSON);
  if (canvas.errbacks.length > 0) out.linkError = canvas.errbacks.map(nodeToJSON);
  return out;
}

function kindToJSON(canvas: Canvas): WorkflowNode {
  switch (canvas.kind) {
    case 'task': {
      const out: TaskNodeDocument = { task: canvas.task };
      if (canvas.args.length > 0) out.args = structuredClone(canvas.args) as Json[];
      if (canvas.immutable) out.immutable = true;
      return out;
    }
    case 'chain':
      return { chain: canvas.steps.map(nodeToJSON) };
    case 'group':
      return { group: canvas.members.map(nodeToJSON) };
    case 'chord':
      return { chord: { header: canvas.header.map(nodeToJSON), body: nodeToJSON(canvas.body) } };
    default:
      return assertNever(canvas);
  }
}

const optionOrder = Object.keys(workflowSchema.$defs.options.properties) as (keyof StoredOptions)[];

function optionsToJSON(options: StoredOptions): DocumentOptions | undefined {
  const out: Record<string, unknown> = {};
  for (const name of optionOrder) {
    const value = options[name];
    if (value === undefined) continue;
    if (name === 'backoff' && options.backoff !== undefined) {
      const { type, delay, jitter, maxDelay } = options.backoff;
      out.backoff = { type, delay, ...(jitter === undefined ? {} : { jitter }), ...(maxDelay === undefined ? {} : { maxDelay }) };
    } else if (name === 'retryOn' && options.retryOn !== undefined) {
      out.retryOn = [...options.retryOn];
    } else {
      out[name] = value;
    }
  }
  return Object.keys(out).length > 0 ? (out as DocumentOptions) : undefined;
}

function metaToJSON(meta: DocumentMeta): DocumentMeta {
  const out: DocumentMeta = {};
  if (meta.$schema !== undefined) out.$schema = meta.$schema;
  if (meta.name !== undefined) out.name = meta.name;
  if (meta.description !== undefined) out.description = meta.description;
  if (meta.params !== undefined) out.params = structuredClone(meta.params);
  return out;
}

function assertNever(value: never): never {
  throw new Error(`celeriac: not a canvas node: ${String((value as { kind?: unknown }).kind)}`);
}
