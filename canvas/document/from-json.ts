import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Canvas } from '../canvas.js';
import { Chain } from '../chain.js';
import { Chord } from '../chord.js';
import { WorkflowValidationError, type ValidationProblem } from '../errors.js';
import { Group } from '../group.js';
import type { Json } from '../json.js';
import { noExtras, type CanvasNode, type NodeExtras } from '../node.js';
import { validateOptions } from '../options.js';
import { Signature } from '../signature.js';
import { documentProblems } from './document-problems.js';
import { limitProblems, resolveLimits, type DocumentLimits } from './limits.js';
import { schemaMismatch } from './node-problems.js';
import { display, join } from './pointer.js';
import { has, own } from './read.js';
import type { DocumentMeta } from './types.js';
import { validators } from './validators.js';

/**
 * Builds the canvas a workflow document describes. The document is checked first, in this order: the
 * limits (size, depth, node count), then the schema; an invalid one throws a WorkflowValidationError
 * listing every problem with its JSON pointer (the first 1,000, then how many more), and nothing is built.
 * Root metadata (`name`, `params`...) is not part of a canvas: `parseDocument` returns it too.
 * @param doc A parsed document: `JSON.parse(text)`, not the text.
 * @param limits Raise or lower the defaults of `defaultLimits`.
 * @example
 * const canvas = fromJSON({ chain: [{ task: 'add', args: [2, 2] }, { task: 'mul', args: [8] }] });
 * await app.apply(canvas); // (2 + 2) * 8
 */
export function fromJSON(doc: unknown, limits?: Partial<DocumentLimits>): Canvas {
  return parseDocument(doc, limits).canvas;
}

/**
 * Like `fromJSON`, and also returns the document's root metadata, so that `toJSON(canvas, meta)` gives back
 * the whole document.
 * @example
 * const { canvas, meta } = parseDocument(JSON.parse(text));
 * console.log(meta.name ?? 'workflow', toJSON(canvas, meta));
 */
export function parseDocument(doc: unknown, limits?: Partial<DocumentLimits>): { canvas: Canvas; meta: DocumentMeta } {
  const tooLarge = limitProblems(doc, resolveLimits(limits));
  if (tooLarge.length > 0) throw new WorkflowValidationError(tooLarge);
  const { document } = validators();
  const valid = document(doc);
  let problems = documentProblems(doc);
  // The schema decides; the walk only finds words for its errors. Should they ever disagree, say the schema's:
  // they do for a hole in a list of nodes (an array built in code; the walk's forEach skips holes).
  if (!valid && problems.length === 0) problems = schemaProblems(document.errors ?? []);
  if (problems.length > 0) throw new WorkflowValidationError(listed(problems));
  const root = doc as Record<string, unknown>;
  return { canvas: build(root, '') as Canvas, meta: readMeta(root) };
}

/** Builds a node of a valid document, reading only the keys a node may have. */
function build(node: Record<string, unknown>, path: string): CanvasNode {
  const extras: NodeExtras = {
    options: has(node, 'options') ? validateOptions(own(node, 'options'), join(path, 'options')) : noExtras.options,
    links: nodes(node, 'link', path),
    errbacks: nodes(node, 'linkError', path),
  };
  if (has(node, 'task')) return new Signature(own(node, 'task') as string, (own(node, 'args') ?? []) as Json[], own(node, 'immutable') === true, extras);
  if (has(node, 'chain')) return new Chain(nodes(node, 'chain', path), extras);
  if (has(node, 'group')) return new Group(nodes(node, 'group', path), extras);
  const chord = own(node, 'chord') as Record<string, unknown>;
  const chordPath = join(path, 'chord');
  return new Chord(nodes(chord, 'header', chordPath), build(own(chord, 'body') as Record<string, unknown>, join(chordPath, 'body')), extras);
}

function nodes(parent: Record<string, unknown>, key: string, path: string): CanvasNode[] {
  const list = (own(parent, key) ?? []) as Record<string, unknown>[];
  return list.map((node, i) => build(node, join(join(path, key), i)));
}

function readMeta(root: Record<string, unknown>): DocumentMeta {
  const meta: DocumentMeta = {};
  if (has(root, '$schema')) meta.$schema = own(root, '$schema') as string;
  if (has(root, 'name')) meta.name = own(root, 'name') as string;
  if (has(root, 'description')) meta.description = own(root, 'description') as string;
  if (has(root, 'params')) meta.params = structuredClone(own(root, 'params')) as DocumentMeta['params'];
  return meta;
}

/** A hostile document within the limits can still have 80,000 misspelt keys; its message should not be megabytes. */
const mostProblemsListed = 1_000;

function listed(problems: readonly ValidationProblem[]): ValidationProblem[] {
  const shown = problems.slice(0, mostProblemsListed).map((p) => ({ ...p, path: display(p.path) }));
  if (problems.length <= mostProblemsListed) return shown;
  return [...shown, { path: '/', message: `…and ${problems.length - mostProblemsListed} more problems, not listed`, hint: 'fix the ones above first' }];
}

/** The schema's own errors, for a document the walk found nothing wrong with; one per place. */
function schemaProblems(errors: readonly ErrorObject[]): ValidationProblem[] {
  const seen = new Set<string>();
  return errors.flatMap((error) => {
    if (seen.has(error.instancePath)) return [];
    seen.add(error.instancePath);
    return [{ path: error.instancePath, message: `${schemaMismatch} ${error.message ?? error.keyword}` }];
  });
}
