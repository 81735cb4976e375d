import type { ValidateFunction } from 'ajv/dist/2020.js';
import { invalid, WorkflowValidationError, type ValidationProblem } from '../canvas/errors.js';
import { validateOptions, type StoredOptions } from '../canvas/options.js';
import { compileContract } from './contracts/compile.js';
import { splitContract, type TaskDefinition } from './contracts/task-contract.js';
import type { TaskContext } from './runtime/context.js';

/** A task's code. Arguments and the result are JSON values; it may be sync or async. */
// The handler's own parameter types are the user's business; the registry only ever passes JSON.
export type TaskHandler = (this: TaskContext, ...args: never[]) => unknown;

export interface RegisteredTask {
  readonly name: string;
  readonly handler: TaskHandler;
  readonly options: StoredOptions;
  /** The compiled input contract: the whole argument list. */
  readonly input?: ValidateFunction;
  /** The compiled output contract: the result. */
  readonly output?: ValidateFunction;
}

/** The tasks a process knows by name. A canvas refers to tasks by name, so it stays plain data. */
export class TaskRegistry {
  readonly #tasks = new Map<string, RegisteredTask>();
  readonly #builtins = new Set<string>();
  #hasContracts = false;

  /**
   * Registers a task. Its options are checked as task options once `input` and `output` (its contract) are
   * split off; a contract is compiled here, once. Every problem with either comes in one WorkflowValidationError.
   */
  register(name: string, handler: TaskHandler, definition: TaskDefinition = {}): RegisteredTask {
    if (typeof name !== 'string' || name.length === 0) invalid('/task', 'A task needs a non-empty name');
    if (typeof handler !== 'function') invalid(`/tasks/${name}`, `Task '${name}' needs a handler function, got ${typeof handler}`);
    if (name.startsWith('celeriac.')) invalid(`/tasks/${name}`, `Task names starting with 'celeriac.' are Celeriac's own`, 'choose another name');
    if (this.#tasks.has(name)) invalid(`/tasks/${name}`, `Task '${name}' is already registered`, 'give each task a unique name');
    const { contract, options } = splitContract(definition);
    const { compiled, problems } = compileContract(name, contract);
    let stored: StoredOptions | undefined;
    try {
      stored = validateOptions(options, `/tasks/${name}/options`);
    } catch (error) {
      if (!(error instanceof WorkflowValidationError)) throw error;
      problems.unshift(...(error.errors as ValidationProblem[]));
    }
    if (problems.length > 0 || stored === undefined) throw new WorkflowValidationError(problems);
    const task: RegisteredTask = { name, handler, options: stored, ...compiled };
    this.#tasks.set(name, task);
    this.#hasContracts ||= task.input !== undefined;
    return task;
  }

  /**
   * Registers a task another registry already checked and compiled, as it is (a test app running another
   * app's tasks). Its name must still be free here.
   */
  adopt(task: RegisteredTask): void {
    if (this.#tasks.has(task.name)) invalid(`/tasks/${task.name}`, `Task '${task.name}' is already registered`, 'give each task a unique name');
    this.#tasks.set(task.name, task);
    this.#hasContracts ||= task.input !== undefined;
  }

  /** Celeriac's own tasks (map, starmap), under names users may not take. */
  registerBuiltin(name: string, handler: TaskHandler): void {
    this.#tasks.set(name, { name, handler, options: validateOptions({}) });
    this.#builtins.add(name);
  }

  get(name: string): RegisteredTask | undefined {
    return this.#tasks.get(name);
  }

  /** The names users registered (Celeriac's own tasks are known to `get` but not listed). */
  names(): string[] {
    return [...this.#tasks.keys()].filter((name) => !this.#builtins.has(name));
  }

  /** Whether any task has an input contract, so `apply` can skip walking the canvas when none has. */
  get hasContracts(): boolean {
    return this.#hasContracts;
  }
}
