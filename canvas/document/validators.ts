import type { ValidateFunction } from 'ajv/dist/2020.js';
import { compileSchema } from '../json-schema.js';
import { workflowSchema, type KindKey } from './schema.js';

export interface Validators {
  /** The published schema, whole: the authority on whether a document is valid. */
  readonly document: ValidateFunction;
  /**
   * One node of the given kind checked on its own: its child nodes are accepted as anything, because the
   * caller visits them itself. This gives precise errors for one node instead of the `oneOf` noise of the whole.
   */
  readonly node: (kind: KindKey, atRoot: boolean) => ValidateFunction;
}

let compiled: Validators | undefined;

/** The validators, compiled on first use and then shared: compiling takes far longer than validating. */
export function validators(): Validators {
  compiled ??= compile();
  return compiled;
}

const kinds = ['task', 'chain', 'group', 'chord'] as const;

/**
 * The schema of one node of the given kind, its child nodes accepted as anything: its own `$defs` entry made
 * the root, with the definitions it refers to (options, and backoff inside them) beside it.
 */
export function nodeSchema(kind: KindKey, atRoot: boolean): { readonly [key: string]: unknown } {
  const { options, backoff, ...nodes } = workflowSchema.$defs;
  return { ...(withoutNodeRefs(nodes[`${kind}${atRoot ? 'Document' : 'Node'}`]) as object), $defs: { options, backoff } };
}

function compile(): Validators {
  const document = compileSchema(workflowSchema);
  const byKind = new Map<string, ValidateFunction>();
  for (const kind of kinds) {
    for (const atRoot of [false, true]) byKind.set(`${kind}${atRoot}`, compileSchema(nodeSchema(kind, atRoot)));
  }
  return { document, node: (kind, atRoot) => byKind.get(`${kind}${atRoot}`)! };
}

/** A deep copy of the schema with every reference to a node replaced by `true` (anything). */
function withoutNodeRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutNodeRefs);
  if (typeof schema !== 'object' || schema === null) return schema;
  if ((schema as { $ref?: unknown }).$ref === '#/$defs/node') return true;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withoutNodeRefs(value)]));
}
