import { CeleriacError } from '../../canvas/errors.js';
import { findNonJson, type Json } from '../../canvas/json.js';
import type { ResultStore } from '../ports/result-store.js';
import { UnrecoverableError } from './context.js';

/** `ctx.once`'s signature: see `TaskContext.once`. */
export type Once = <T extends Json>(name: string, fn: () => T | Promise<T>) => Promise<T>;

/**
 * `ctx.once` for one task: the key is the task's idempotency key and `name`, so every attempt and every
 * redelivery of the task finds what an earlier one stored. Read first, run `fn` only if nothing is stored,
 * then store first-write-wins and return what is stored (a concurrent twin's value if it stored first).
 */
export function onceFor(store: Pick<ResultStore, 'readOnce' | 'recordOnce'>, workflowId: string, idempotencyKey: string): Once {
  return async <T extends Json>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    if (typeof name !== 'string' || name.length === 0) {
      throw new CeleriacError('VALIDATION', `ctx.once(name, fn) needs a non-empty string name, got \`${String(name)}\` (${typeof name})`);
    }
    if (typeof fn !== 'function') throw new CeleriacError('VALIDATION', `ctx.once('${name}', fn) needs a function, got ${typeof fn}`);
    const key = `${idempotencyKey}:${name}`;
    const stored = await store.readOnce(workflowId, key);
    if (stored) return stored.value as T;
    const value = ((await fn()) ?? null) as Json;
    const bad = findNonJson(value);
    // The same function returns the same kind of value on a retry: failing the task at once says so sooner.
    if (bad) throw new UnrecoverableError(`ctx.once('${name}') can only store JSON: its function returned ${bad.found} at ${bad.path || 'the top level'}`);
    return (await store.recordOnce(workflowId, key, value)) as T;
  };
}
