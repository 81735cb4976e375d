import { invalidOption } from '../../canvas/errors.js';
import { describe } from '../../canvas/json.js';

/** Checks an option that must be a whole number within [min, max]; `fallback` when absent. */
export function wholeNumber(scope: string, name: string, value: unknown, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `from ${min} and up` : `from ${min} to ${max}`;
    invalidOption(scope, name, `Expected \`${name}\` to be an integer ${range}, got ${show(value)}`);
  }
  return value;
}

/** `value` (strings masked where they hold a password) and its type, for error messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `\`${value.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}\` (string)`;
  if (typeof value === 'object' && value !== null) return `a value of type ${describe(value)}`;
  return `\`${String(value)}\` (${describe(value)})`;
}
