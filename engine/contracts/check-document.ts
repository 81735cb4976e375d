import type { Canvas } from '../../canvas/canvas.js';
import { parseDocument } from '../../canvas/document/from-json.js';
import { limitProblems, resolveLimits } from '../../canvas/document/limits.js';
import { paramProblems } from '../../canvas/document/params.js';
import { has, isPlainObject, own } from '../../canvas/document/read.js';
import type { DocumentMeta } from '../../canvas/document/types.js';
import { WorkflowValidationError, type ValidationProblem } from '../../canvas/errors.js';
import type { TaskRegistry } from '../registry.js';
import { canvasProblems } from './canvas-problems.js';
import { salvageDocument } from './salvage.js';

/**
 * Every problem of a document for this registry, without values for its parameters: the document's own
 * (limits, schema), its parameter references, then task names and literal arguments against the contracts
 * (arguments that are `{ "$param" }` references are not judged). Never throws for an invalid document: what
 * can be read of it is still checked, so one run reports everything.
 */
export function checkDocument(doc: unknown, registry: TaskRegistry, options: { checkNames?: boolean } = {}): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  let read: { canvas: Canvas; meta: DocumentMeta };
  try {
    read = parseDocument(doc);
  } catch (error) {
    if (!(error instanceof WorkflowValidationError)) throw error;
    problems.push(...error.errors);
    // A document past the limits is not read any further: that is what the limits are for.
    if (limitProblems(doc, resolveLimits()).length > 0) return problems;
    read = salvageDocument(doc);
  }
  // `params` that is not an object was reported by the schema; its references are not judged against it.
  const unreadableParams = isPlainObject(doc) && has(doc, 'params') && !isPlainObject(own(doc, 'params'));
  if (!unreadableParams) problems.push(...paramProblems(read.canvas, read.meta));
  const checkNames = options.checkNames ?? registry.names().length > 0;
  problems.push(...canvasProblems(read.canvas, registry, { checkNames, unboundParams: true }));
  return problems;
}
