import type { ValidateFunction } from 'ajv/dist/2020.js';
import { schemaComplaints } from '../../canvas/document/params-errors.js';
import type { Json } from '../../canvas/json.js';
import { argsComplaints } from './args-problems.js';

/** The `errorName` of a task that failed because its arguments or result broke its contract. */
export const contractViolation = 'ContractViolation';

/** At most this many mistakes are listed in one failure message; the rest are counted. */
const mostListed = 5;

/** Why the actual argument list breaks the task's input contract, or undefined if it does not. */
export function inputViolation(task: string, validate: ValidateFunction, args: readonly Json[]): string | undefined {
  const texts = argsComplaints(validate, { args }).map((c) => c.text);
  return texts.length === 0 ? undefined : `Task '${task}' was called with arguments that break its input contract: ${listed(texts)}`;
}

/** Why the handler's result breaks the task's output contract, or undefined if it does not. */
export function outputViolation(task: string, validate: ValidateFunction, value: Json): string | undefined {
  if (validate(value)) return undefined;
  const texts = schemaComplaints(validate.errors ?? []).map((c) => `result${c.pointer === '' ? '' : ` at ${c.pointer}`} ${c.phrase}`);
  return `Task '${task}' returned a result that breaks its output contract: ${listed(texts)}`;
}

function listed(texts: readonly string[]): string {
  const shown = texts.slice(0, mostListed).join('; ');
  return texts.length > mostListed ? `${shown}; and ${texts.length - mostListed} more` : shown;
}
