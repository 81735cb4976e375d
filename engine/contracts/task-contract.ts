import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema } from '../../canvas/json-schema.js';
import type { TaskOptions } from '../../canvas/options.js';

export type { JsonSchema };

/**
 * What a task promises about its arguments and its result. `app.apply` checks the literal arguments of every
 * signature against `input`; a worker checks the actual arguments before the handler runs and the result after.
 */
export interface TaskContract {
  /**
   * The whole argument list, so an array schema, one `prefixItems` entry per argument. A partial signature's
   * first argument is its parent's result (an errback's, the failure description).
   * @example { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false, minItems: 2 }
   */
  readonly input?: JsonSchema;
  /** The handler's result. */
  readonly output?: JsonSchema;
}

/** What `app.task(name, handler, options)` accepts: the task's default options and its contract. */
export type TaskDefinition = TaskOptions & TaskContract;

/** A contract compiled once, at registration. */
export interface CompiledContract {
  readonly input?: ValidateFunction;
  readonly output?: ValidateFunction;
}

/** Splits `input` and `output` off the options, which then go to `validateOptions` without them. */
export function splitContract(options: unknown): { contract: TaskContract; options: unknown } {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return { contract: {}, options };
  const { input, output, ...rest } = options as TaskContract & Record<string, unknown>;
  const contract: { input?: JsonSchema; output?: JsonSchema } = {};
  if (input !== undefined) contract.input = input;
  if (output !== undefined) contract.output = output;
  return { contract, options: rest };
}
