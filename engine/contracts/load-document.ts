import type { Canvas } from '../../canvas/canvas.js';
import { parseDocument } from '../../canvas/document/from-json.js';
import { bindParams } from '../../canvas/document/params-bind.js';
import { paramProblems, paramReferences } from '../../canvas/document/params.js';
import { isPlainObject } from '../../canvas/document/read.js';
import { WorkflowValidationError, type ValidationProblem } from '../../canvas/errors.js';
import type { TaskRegistry } from '../registry.js';
import { canvasProblems } from './canvas-problems.js';

export interface FromJSONOptions {
  /** Values for the document's `params`, checked against its schema (whose defaults fill in the rest). */
  readonly params?: unknown;
  /** Report task names this app has not registered. @default true when the app has registered any task */
  readonly checkNames?: boolean;
}

/**
 * A document's canvas, ready to apply: parsed, its parameters bound, its task names and literal arguments
 * checked against the registry. Every problem found after parsing comes in one WorkflowValidationError.
 */
export function loadDocument(doc: unknown, registry: TaskRegistry, options: FromJSONOptions = {}): Canvas {
  const { canvas, meta } = parseDocument(doc);
  const problems: ValidationProblem[] = [];
  let bound = canvas;
  let unbound = false;
  if (meta.params !== undefined || paramReferences(canvas).length > 0) {
    const undeclared = paramProblems(canvas, meta);
    problems.push(...undeclared);
    unbound = true;
    if (undeclared.length === 0) {
      try {
        bound = bindParams(canvas, meta, options.params);
        unbound = false;
      } catch (error) {
        if (!(error instanceof WorkflowValidationError)) throw error;
        problems.push(...error.errors);
      }
    }
  } else if (options.params !== undefined && !(isPlainObject(options.params) && Object.keys(options.params).length === 0)) {
    problems.push({ path: '/params', message: 'Parameter values were given, but the document declares no `params`', hint: 'declare them: "params": {"type": "object", "properties": {...}}, and use them in args as {"$param": "name"}' });
  }
  const checkNames = options.checkNames ?? registry.names().length > 0;
  problems.push(...canvasProblems(bound, registry, { checkNames, unboundParams: unbound }));
  if (problems.length > 0) throw new WorkflowValidationError(problems);
  return bound;
}
