import { Ajv2020, type SchemaObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidationProblem } from '../../canvas/errors.js';
import { escapePointer } from '../../canvas/json.js';
import type { CompiledContract, TaskContract } from './task-contract.js';

// ajv-formats is CommonJS; under NodeNext its default import is `module.exports`, which also has itself as `.default`.
const addFormats = addFormatsModule.default;

/**
 * Compiles task contracts, each once, at registration. One ajv per registry, made on first use (most apps
 * declare no contract); `verbose` keeps the value found in each error, for "got ..." messages.
 */
export class ContractCompiler {
  #ajv: Ajv2020 | undefined;

  /** The compiled contract, or the problems with it (at `/tasks/<name>/input` and `/output`). */
  compile(task: string, contract: TaskContract): { compiled: CompiledContract; problems: ValidationProblem[] } {
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
        compiled[side] = this.#compile(schema as SchemaObject | boolean);
      } catch (error) {
        problems.push({ path, message: `The ${side} contract of task '${task}' is not a valid JSON Schema: ${(error as Error).message}`, hint: 'contracts are JSON Schema draft 2020-12' });
      }
    }
    return { compiled, problems };
  }

  #compile(schema: SchemaObject | boolean): ValidateFunction {
    if (this.#ajv === undefined) {
      this.#ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
      addFormats(this.#ajv);
    }
    const ajv = this.#ajv;
    if (typeof schema === 'boolean') return ajv.compile(schema);
    // A copy, so a later change to the caller's object cannot change the contract; taken out of ajv's
    // registry once compiled, so two tasks may share an `$id`.
    const own = structuredClone(schema);
    try {
      return ajv.compile(own);
    } finally {
      ajv.removeSchema(own);
    }
  }
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
