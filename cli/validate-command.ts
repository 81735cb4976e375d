import { isCeleriacError, parseDocument, WorkflowValidationError, type ValidationProblem } from '../index.js';
import { loadApp } from './load-app.js';
import { formatProblems } from './print-problems.js';
import { readJsonFile } from './read-document.js';

export interface ValidateOptions {
  readonly app?: string;
  readonly json?: boolean;
}

/**
 * `celeriac validate wf.json [--app module] [--json]`: exit 0 for a valid document, 1 with every problem.
 * With `--app`, task names, literal arguments (against the tasks' contracts) and parameter references are
 * checked too.
 */
export async function validateCommand(file: string, options: ValidateOptions): Promise<number> {
  const read = readJsonFile(file);
  const problems = read.ok ? await documentProblems(read.value, options.app) : read.problems;
  if (options.json) {
    console.log(JSON.stringify({ file, valid: problems.length === 0, errors: problems }, null, 2));
  } else if (problems.length === 0) {
    console.log(`✓ ${file} is a valid workflow${options.app ? ` for ${options.app}` : ''}`);
  } else {
    console.log(formatProblems(file, problems));
  }
  return problems.length === 0 ? 0 : 1;
}

async function documentProblems(doc: unknown, appModule: string | undefined): Promise<readonly ValidationProblem[]> {
  if (appModule) {
    const app = await loadApp(appModule);
    try {
      return app.validateDocument(doc, { checkNames: true });
    } finally {
      await app.close();
    }
  }
  try {
    parseDocument(doc);
    return [];
  } catch (error) {
    if (error instanceof WorkflowValidationError || (isCeleriacError(error) && 'errors' in error)) return (error as WorkflowValidationError).errors;
    throw error;
  }
}
