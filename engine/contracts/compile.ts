import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { ValidationProblem } from '../../canvas/errors.js';
import { compileSchema } from '../../canvas/json-schema.js';
import { escapePointer } from '../../canvas/json.js';
import type { CompiledContract, TaskContract } from './task-contract.js';

/**
 * A task's contract compiled, once, at registration, or the problems with it (at `/tasks/<name>/input` and
 * `/output`). Its validators never write into what they check: a contract's `default`s are annotations.
 */
export function compileContract(task: string, contract: TaskContract): { compiled: CompiledContract; problems: ValidationProblem[] } {
  const problems: ValidationProblem[] = [];
  const compiled: { input?: ValidateFunction; output?: ValidateFunction } = {};
  for (const side of ['input', 'output'] as const) {
    const schema = contract[side];
    if (schema === undefined) continue;
    const path = `/tasks/${escapePointer(task)}/${side}`;
    const problem = shapeProblem(task, side, schema, path);
    if (problem) {
      problems.push(problem);
      continue;
    }
    try {
      compiled[side] = compileSchema(schema);
    } catch (error) {
      problems.push({ path, message: `The ${side} contract of task '${task}' is not a valid JSON Schema: ${(error as Error).message}`, hint: 'contracts are JSON Schema draft 2020-12' });
    }
  }
  return { compiled, problems };
}

function shapeProblem(task: string, side: 'input' | 'output', schema: unknown, path: string): ValidationProblem | undefined {
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    return { path, message: `Expected the ${side} contract of task '${task}' to be a JSON Schema (an object or a boolean), got ${schema === null ? 'null' : Array.isArray(schema) ? 'an array' : typeof schema}` };
  }
  if (side === 'input' && typeof schema === 'object') {
    const type = (schema as { type?: unknown }).type;
    const types = Array.isArray(type) ? type : [type];
    if (type !== undefined && !types.includes('array')) {
      return {
        path: `${path}/type`,
        message: `The input contract of task '${task}' describes its argument list, which is an array, but says \`type: ${JSON.stringify(type)}\``,
        hint: "use { type: 'array', prefixItems: [ ...one schema per argument ] }",
      };
    }
  }
  return undefined;
}
