import { invalid } from '../canvas/errors.js';
import type { Json } from '../canvas/json.js';
import { validateOptions, type StoredOptions, type TaskOptions } from '../canvas/options.js';
import type { TaskContext } from './runtime/context.js';

/** A task's code. Arguments and the result are JSON values; it may be sync or async. */
// The handler's own parameter types are the user's business; the registry only ever passes JSON.
export type TaskHandler = (this: TaskContext, ...args: never[]) => unknown;

export interface RegisteredTask {
  readonly name: string;
  readonly handler: TaskHandler;
  readonly options: StoredOptions;
}

/** The tasks a process knows by name. A canvas refers to tasks by name, so it stays plain data. */
export class TaskRegistry {
  readonly #tasks = new Map<string, RegisteredTask>();

  register(name: string, handler: TaskHandler, options: TaskOptions = {}): RegisteredTask {
    if (typeof name !== 'string' || name.length === 0) invalid('/task', 'A task needs a non-empty name');
    if (typeof handler !== 'function') invalid(`/tasks/${name}`, `Task '${name}' needs a handler function, got ${typeof handler}`);
    if (this.#tasks.has(name)) invalid(`/tasks/${name}`, `Task '${name}' is already registered`, 'give each task a unique name');
    const task = { name, handler, options: validateOptions(options, `/tasks/${name}/options`) };
    this.#tasks.set(name, task);
    return task;
  }

  get(name: string): RegisteredTask | undefined {
    return this.#tasks.get(name);
  }

  names(): string[] {
    return [...this.#tasks.keys()];
  }
}

export type { Json };
