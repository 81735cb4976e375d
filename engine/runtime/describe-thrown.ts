/**
 * What a handler threw, read without trusting it: a getter that throws, a revoked proxy, an object without a
 * prototype, a symbol or a bigint all still give a name and a message. The runner's last line of defence, so
 * that whatever a handler does ends as a failure on the result handle rather than an error in the worker.
 */
export interface ThrownDescription {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** False when the value was not an Error (a string, a plain object...). */
  readonly isError: boolean;
}

const maxLength = 64 * 1024;

export function describeThrown(value: unknown): ThrownDescription {
  let isError = false;
  try {
    isError = value instanceof Error;
  } catch {
    // A revoked proxy throws on the prototype lookup.
  }
  if (isError) {
    const name = readString(value, 'name') ?? 'Error';
    const message = readString(value, 'message') ?? `(the error's message could not be read)`;
    const stack = readString(value, 'stack');
    return { name, message, ...(stack !== undefined ? { stack } : {}), isError };
  }
  return { name: 'NonErrorThrown', message: show(value), isError };
}

/** `value[key]` when it is a string, else undefined; never throws, whatever the getter does. */
function readString(value: unknown, key: string): string | undefined {
  try {
    const read: unknown = (value as Record<string, unknown>)[key];
    return typeof read === 'string' ? clip(read) : undefined;
  } catch {
    return undefined;
  }
}

/** A short text for any value: `String()` when it works, else its type. */
export function show(value: unknown): string {
  try {
    if (typeof value === 'string') return clip(value);
    if (typeof value === 'symbol' || typeof value === 'bigint') return clip(`${String(value)} (${typeof value})`);
    if (typeof value !== 'object' && typeof value !== 'function') return String(value);
    if (value === null) return 'null';
    const text = String(value);
    return clip(text === '[object Object]' ? safeJson(value) ?? text : text);
  } catch {
    return `a value that cannot be shown (${typeof value})`;
  }
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function clip(text: string): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}... (${text.length} characters)` : text;
}
