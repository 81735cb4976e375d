import { SingleBar } from 'cli-progress';
import { isCeleriacError, type AsyncResult, type WorkflowValidationError } from '../index.js';
import { loadApp } from './load-app.js';
import { formatProblems } from './print-problems.js';
import { readInput, readJsonFile } from './read-document.js';

export interface RunOptions {
  readonly app: string;
  readonly input?: string;
  readonly wait?: boolean;
  readonly worker?: boolean;
  readonly timeout?: string;
}

/**
 * `celeriac run --app module wf.json [--input file|json] [--wait]`: validates the document (and its params
 * against `--input`), applies it and prints the workflow id; with `--wait`, shows tasks done/total while it
 * runs and prints the result as JSON. On the memory driver (or with `--worker`) a worker runs in this process.
 */
export async function runCommand(file: string, options: RunOptions): Promise<number> {
  const read = readJsonFile(file);
  if (!read.ok) return fail(formatProblems(file, read.problems));
  const input = options.input === undefined ? undefined : readInput(options.input);
  if (input && !input.ok) return fail(formatProblems('--input', input.problems));
  const timeout = options.timeout === undefined ? Infinity : Number(options.timeout);
  if (Number.isNaN(timeout) || timeout <= 0) return fail(`--timeout: expected milliseconds above 0, got '${options.timeout}'`);

  const app = await loadApp(options.app);
  try {
    let canvas;
    try {
      canvas = app.fromJSON(read.value, input ? { params: input.value } : {});
    } catch (error) {
      // By brand, not instanceof: a CommonJS app module loads the package's other build.
      if (isCeleriacError(error) && 'errors' in error) return fail(formatProblems(file, (error as WorkflowValidationError).errors));
      throw error;
    }
    const inProcess = options.worker || app.driver === 'memory';
    if (inProcess) app.worker();
    if (!options.wait && inProcess) console.error('celeriac run: no --wait, but the worker runs in this process: waiting for the result anyway');
    const res = await app.apply(canvas);
    console.error(`celeriac run: workflow ${res.id} on the ${app.driver} driver`);
    if (!options.wait && !inProcess) {
      console.log(JSON.stringify({ id: res.id }));
      return 0;
    }
    return await waitAndPrint(res, timeout);
  } finally {
    await app.close();
  }
}

async function waitAndPrint(res: AsyncResult, timeout: number): Promise<number> {
  const bar = new SingleBar({ format: 'tasks {bar} {value}/{total} {state}', stream: process.stderr, hideCursor: true });
  let stop = false;
  const progress = (async () => {
    const total = (await res.nodes()).filter((n) => n.kind === 'task').length;
    bar.start(total, 0, { state: 'PENDING' });
    while (!stop) {
      const nodes = await res.nodes();
      const done = nodes.filter((n) => n.kind === 'task' && ['SUCCESS', 'FAILURE', 'REVOKED'].includes(n.state)).length;
      bar.update(done, { state: await res.state() });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  try {
    const value = await res.get({ timeout });
    console.log(JSON.stringify({ id: res.id, state: 'SUCCESS', result: value }, null, 2));
    return 0;
  } catch (error) {
    const e = error as Error & { taskName?: string };
    console.log(JSON.stringify({ id: res.id, state: await res.state(), error: { name: e.name, message: e.message, ...(e.taskName ? { taskName: e.taskName } : {}) } }, null, 2));
    return 1;
  } finally {
    stop = true;
    await progress.catch(() => undefined);
    bar.stop();
  }
}

function fail(message: string): number {
  console.error(message);
  return 1;
}
