import type { Json } from '../json.js';
import type { StoredOptions } from '../options.js';

/** Options as written in a document: the stored form, so dates are ISO strings. */
export type DocumentOptions = StoredOptions;

/** What every node may carry besides its kind. */
export interface NodeDocumentFields {
  options?: DocumentOptions;
  link?: WorkflowNode[];
  linkError?: WorkflowNode[];
}

export interface TaskNodeDocument extends NodeDocumentFields {
  task: string;
  args?: Json[];
  immutable?: boolean;
}

export interface ChainNodeDocument extends NodeDocumentFields {
  chain: WorkflowNode[];
}

export interface GroupNodeDocument extends NodeDocumentFields {
  group: WorkflowNode[];
}

export interface ChordNodeDocument extends NodeDocumentFields {
  chord: { header: WorkflowNode[]; body: WorkflowNode };
}

/** One node of a workflow document: exactly one of task, chain, group or chord. */
export type WorkflowNode = TaskNodeDocument | ChainNodeDocument | GroupNodeDocument | ChordNodeDocument;

/** Keys only the document root may have. They describe the document and are not part of the canvas. */
export interface DocumentMeta {
  $schema?: string;
  name?: string;
  description?: string;
  /** A JSON Schema for the workflow's parameters; args refer to them as `{ "$param": "name" }`. */
  params?: { [key: string]: Json };
}

/** A whole workflow document: its root node, with optional metadata. */
export type WorkflowDocument = WorkflowNode & DocumentMeta;
