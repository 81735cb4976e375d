import type { Canvas } from '../../canvas/canvas.js';
import { paramReferences } from '../../canvas/document/params.js';
import type { ValidationProblem } from '../../canvas/errors.js';
import { suggest } from '../../canvas/suggest.js';
import type { TaskRegistry } from '../registry.js';
import { argsComplaints, type ArgsComplaint } from './args-problems.js';
import { walkTasks, type TaskSite } from './walk.js';

export interface CanvasCheckOptions {
  /**
   * Report task names this app has not registered. Turn it off in a producer that applies tasks registered
   * only in worker processes. @default true
   */
  readonly checkNames?: boolean;
  /**
   * Whether `apply` will give the entry tasks an input. Left out (not known), a partial entry task passes if
   * its arguments fit its contract either way, with or without an input in front.
   */
  readonly input?: boolean;
  /** The canvas still has `{ "$param" }` references (a document checked before its values are known): their values are not judged. */
  readonly unboundParams?: boolean;
}

/**
 * Every problem of a canvas against the tasks this registry knows, in document order: unknown task names (with
 * a did-you-mean), and literal arguments that break a task's input contract. Paths are the document's.
 */
export function canvasProblems(canvas: Canvas, registry: TaskRegistry, options: CanvasCheckOptions = {}): ValidationProblem[] {
  const checkNames = options.checkNames ?? true;
  if (!checkNames && !registry.hasContracts) return [];
  const problems: ValidationProblem[] = [];
  for (const site of walkTasks(canvas, options.input === undefined ? {} : { input: options.input })) {
    const name = site.signature.task;
    const registered = registry.get(name);
    if (!registered) {
      if (checkNames) problems.push(unknownName(name, site.path, registry.names()));
      continue;
    }
    if (!registered.input) continue;
    const validate = registered.input;
    const unknown = options.unboundParams ? paramReferences(site.signature).map((ref) => ref.path.slice('/args'.length)) : undefined;
    const check = (receives: TaskSite['receives'] | undefined): ArgsComplaint[] =>
      argsComplaints(validate, { args: site.signature.args, ...(receives ? { receives } : {}), ...(unknown ? { unknown } : {}) });
    let complaints: ArgsComplaint[];
    if (site.receivesParentResult === 'unknown') {
      complaints = check(undefined);
      if (complaints.length > 0 && check(site.receives).length === 0) complaints = [];
    } else {
      complaints = check(site.receivesParentResult ? site.receives : undefined);
    }
    for (const complaint of complaints) {
      const problem = { path: `${site.path}/args${complaint.pointer}`, message: `task '${name}' ${complaint.text}` };
      problems.push(complaint.hint ? { ...problem, hint: complaint.hint } : problem);
    }
  }
  return problems;
}

function unknownName(name: string, path: string, known: readonly string[]): ValidationProblem {
  const near = suggest(name, known);
  const hint = near
    ? `did you mean '${near}'?`
    : known.length === 0
      ? `register it with app.task('${name}', handler)`
      : `registered: ${known.slice(0, 8).map((k) => `'${k}'`).join(', ')}${known.length > 8 ? ` and ${known.length - 8} more` : ''}`;
  return { path: `${path}/task`, message: `task '${name}' is not registered in this app`, hint };
}
