import type { ValidationProblem } from '../errors.js';
import { display, join } from './pointer.js';

/** How large a document `fromJSON` accepts, so a hostile one cannot exhaust memory, time or the stack. */
export interface DocumentLimits {
  /** Longest document, in characters of its JSON text. @default 1_000_000 (1 MB) */
  readonly maxLength: number;
  /** Deepest nesting of objects and arrays, the root being level 1 (`{"chain": [{"task": "a"}]}` is 3). At most 1,000. @default 64 */
  readonly maxDepth: number;
  /** Most nodes, counting every task, chain, group and chord, links and errbacks included. @default 10_000 */
  readonly maxNodes: number;
}

export const defaultLimits: DocumentLimits = Object.freeze({ maxLength: 1_000_000, maxDepth: 64, maxNodes: 10_000 });

/** Validation recurses once per level, so even a raised depth limit stays far from the stack's. */
const deepestAllowed = 1_000;

/** Applies the defaults and checks the caller's limits; a bad limit is a programming error, so a TypeError. */
export function resolveLimits(limits: Partial<DocumentLimits> = {}): DocumentLimits {
  const out = { ...defaultLimits };
  for (const name of ['maxLength', 'maxDepth', 'maxNodes'] as const) {
    const value = limits[name];
    if (value === undefined) continue;
    const ceiling = name === 'maxDepth' ? deepestAllowed : Infinity;
    const ok = typeof value === 'number' && value >= 1 && value <= ceiling && (Number.isInteger(value) || value === Infinity);
    if (!ok) {
      const expected = name === 'maxDepth' ? `a whole number from 1 to ${deepestAllowed}` : 'a whole number from 1 and up, or Infinity';
      throw new TypeError(`Expected \`limits.${name}\` to be ${expected}, got \`${String(value)}\` (${typeof value})`);
    }
    out[name] = value;
  }
  return out;
}

/** Where a value sits: as a node, as a list of nodes, as a chord's `{ header, body }`, or elsewhere. */
type Role = 'node' | 'nodes' | 'chord' | 'other';

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly role: Role;
  readonly parent: Frame | undefined;
  readonly key: string | number;
}

/**
 * Checks the limits before anything else reads the document: one loop with its own stack (no recursion, so
 * no stack overflow however deep the input), which stops at the first limit passed, so its cost is bounded
 * by the limits and not by the input. A cycle, impossible in parsed JSON, shows up as nesting too deep.
 * Returns no problem, or the one limit the document passes.
 */
export function limitProblems(doc: unknown, limits: DocumentLimits): ValidationProblem[] {
  let length = 0;
  let nodes = 0;
  const stack: Frame[] = [{ value: doc, depth: 1, role: 'node', parent: undefined, key: '' }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { value } = frame;
    if (typeof value !== 'object' || value === null) {
      length += scalarLength(value, limits.maxLength - length);
    } else {
      if (frame.depth > limits.maxDepth) {
        return [problem(`The document nests objects and arrays deeper than ${count(limits.maxDepth)} levels, first at \`${pointerOf(frame)}\``, 'maxDepth', limits.maxDepth)];
      }
      if (frame.role === 'node' && ++nodes > limits.maxNodes) {
        return [problem(`The document has more than ${count(limits.maxNodes)} nodes (tasks, chains, groups and chords)`, 'maxNodes', limits.maxNodes)];
      }
      const depth = frame.depth + 1;
      if (Array.isArray(value)) {
        length += 2 + Math.max(0, value.length - 1);
        const role: Role = frame.role === 'nodes' ? 'node' : 'other';
        for (let i = value.length - 1; i >= 0 && length <= limits.maxLength; i--) stack.push({ value: value[i], depth, role, parent: frame, key: i });
      } else {
        const keys = Object.keys(value);
        length += 2 + Math.max(0, keys.length - 1);
        for (let i = keys.length - 1; i >= 0 && length <= limits.maxLength; i--) {
          const key = keys[i]!;
          length += scalarLength(key, limits.maxLength - length) + 1;
          stack.push({ value: (value as Record<string, unknown>)[key], depth, role: childRole(frame.role, key), parent: frame, key });
        }
      }
    }
    if (length > limits.maxLength) {
      return [problem(`The document is longer than ${count(limits.maxLength)} characters of JSON text`, 'maxLength', limits.maxLength)];
    }
  }
  return [];
}

const nodeListKeys: readonly string[] = ['chain', 'group', 'link', 'linkError'];

function childRole(role: Role, key: string): Role {
  if (role === 'node') return key === 'chord' ? 'chord' : nodeListKeys.includes(key) ? 'nodes' : 'other';
  if (role === 'chord') return key === 'header' ? 'nodes' : key === 'body' ? 'node' : 'other';
  return 'other';
}

/** Characters the value takes in JSON text; a string longer than `room` is not escaped just to be measured. */
function scalarLength(value: unknown, room: number): number {
  if (typeof value === 'string') return value.length + 2 > room ? value.length + 2 : JSON.stringify(value).length;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 0;
  return String(value).length;
}

function pointerOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) keys.push(f.key);
  const pointer = display(keys.reverse().reduce<string>((path, key) => join(path, key), ''));
  return pointer.length > 80 ? `${pointer.slice(0, 40)}…${pointer.slice(-30)}` : pointer;
}

function problem(message: string, limit: keyof DocumentLimits, value: number): ValidationProblem {
  const larger = limit === 'maxDepth' ? Math.min(value * 2, deepestAllowed) : value * 4;
  const hint =
    larger > value
      ? `if the document is meant to be this large, pass a larger limit: fromJSON(doc, { ${limit}: ${larger} })`
      : `${limit} cannot go above ${count(deepestAllowed)}; split the workflow into smaller documents`;
  return { path: '/', message: `${message} (limit \`${limit}\`: ${count(value)})`, hint };
}

const count = (n: number) => n.toLocaleString('en-US');
