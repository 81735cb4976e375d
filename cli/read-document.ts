import { readFileSync } from 'node:fs';
import type { ValidationProblem } from '../index.js';

export type ReadResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: ValidationProblem[] };

/** Reads a JSON file; a missing file or bad JSON is a problem at `/` saying where, never a stack trace. */
export function readJsonFile(file: string): ReadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ path: '/', message: `Cannot read '${file}': ${(error as Error).message}` }] };
  }
  return parseJsonText(text, `'${file}'`);
}

export function parseJsonText(text: string, what: string): ReadResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? ` (${lineAndColumn(text, Number(at[1]))})` : '';
    return { ok: false, problems: [{ path: '/', message: `${what} is not valid JSON: ${message}${where}`, hint: 'check for trailing commas, single quotes and unquoted keys' }] };
  }
}

/** `--input` is JSON when it looks like JSON, else the name of a JSON file. */
export function readInput(input: string): ReadResult {
  const trimmed = input.trim();
  return /^[[{"]|^-?\d|^(true|false|null)$/.test(trimmed) ? parseJsonText(trimmed, '--input') : readJsonFile(input);
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}
