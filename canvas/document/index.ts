/**
 * Workflows as JSON documents: `fromJSON` checks a document and builds its canvas, `toJSON` writes a canvas
 * back, and `workflowSchema` is the JSON Schema (draft 2020-12) they follow, also published as
 * `schema/workflow.schema.json`.
 */
export { fromJSON, parseDocument } from './from-json.js';
export { toJSON } from './to-json.js';
export { workflowSchema } from './schema.js';
export { defaultLimits } from './limits.js';
export type { DocumentLimits } from './limits.js';
export type {
  ChainNodeDocument,
  ChordNodeDocument,
  DocumentMeta,
  DocumentOptions,
  GroupNodeDocument,
  NodeDocumentFields,
  TaskNodeDocument,
  WorkflowDocument,
  WorkflowNode,
} from './types.js';
