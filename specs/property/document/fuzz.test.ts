import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowValidationError } from '../../../canvas/errors.js';
import { fromJSON, toJSON } from '../../../canvas/document/index.js';
import { schemaMismatch } from '../../../canvas/document/node-problems.js';
import { canvasArbitrary } from '../arbitraries/canvas.js';

type Box = { value: unknown };
type Container = Record<string, unknown> | unknown[];

type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'retype'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'addKey'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'nest'; readonly depth: number; readonly wrapper: 'chain' | 'group' | 'chord' | 'link' };

const words = ['task', 'args', 'immutable', 'options', 'link', 'linkError', 'chain', 'group', 'chord', 'header', 'body', 'retries', 'backoff', 'countdown', 'eta', 'expires', 'timeout', 'priority', 'queue', 'rateLimit', 'name', 'params'];

/** A key someone might type: a known one misspelt, a known one, a prototype-polluting one, or anything. */
const key = fc.oneof(
  fc
    .tuple(fc.constantFrom(...words), fc.nat(), fc.constantFrom('drop', 'swap', 'double', 'upper'))
    .map(([word, n, how]) => {
      const i = n % word.length;
      if (how === 'drop') return word.slice(0, i) + word.slice(i + 1);
      if (how === 'double') return word.slice(0, i) + word.charAt(i) + word.slice(i);
      if (how === 'upper') return word.slice(0, i) + word.charAt(i).toUpperCase() + word.slice(i + 1);
      return word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
    }),
  fc.constantFrom(...words, '__proto__', 'constructor', 'prototype', '$schema', 'a/b', '~'),
  fc.string({ maxLength: 6 }),
);

/** A value of another type than expected, often: JSON of any kind, a node-looking object, or a bad number. */
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.dictionary(key, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.constantFrom(-1, 0, 1.5, 2_097_152, '', '10/x', '2024-01-01', '2024-12-31T23:59:60Z', [], {}, { task: 'x' }, { chain: [] }, { chord: {} }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value }),
  fc.record({ kind: fc.constant('addKey' as const), at: fc.nat(), key, value }),
  fc.record({ kind: fc.constant('nest' as const), depth: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constant(80)), wrapper: fc.constantFrom('chain' as const, 'group' as const, 'chord' as const, 'link' as const) }),
);

/** Every place a value sits in the document, as (parent, key); the root sits in the box. */
function places(box: Box): [Container, string | number][] {
  const out: [Container, string | number][] = [[box as unknown as Container, 'value']];
  for (let i = 0; i < out.length; i++) {
    const [parent, k] = out[i]!;
    const child = (parent as Record<string | number, unknown>)[k];
    if (Array.isArray(child)) child.forEach((_, j) => out.push([child, j]));
    else if (typeof child === 'object' && child !== null) Object.keys(child).forEach((name) => out.push([child as Record<string, unknown>, name]));
  }
  return out;
}

function mutate(box: Box, m: Mutation): void {
  const all = places(box);
  if (m.kind === 'nest') {
    for (let i = 0; i < m.depth; i++) {
      const inner = box.value;
      box.value =
        m.wrapper === 'chord' ? { chord: { header: [inner], body: { task: 'body' } } } : m.wrapper === 'link' ? { task: 'parent', link: [inner] } : { [m.wrapper]: [inner] };
    }
  } else if (m.kind === 'addKey') {
    const objects = all.map(([p, k]) => (p as Record<string | number, unknown>)[k]).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v));
    const target = objects[m.at % Math.max(1, objects.length)];
    // defineProperty, as JSON.parse does: plain assignment to `__proto__` would set the prototype instead.
    if (target) Object.defineProperty(target, m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true });
  } else {
    // Values are cloned in: constants are shared between runs, and one inserted into itself would be a cycle.
    const [parent, k] = all[m.at % all.length]!;
    if (m.kind === 'retype') (parent as Record<string | number, unknown>)[k] = structuredClone(m.value);
    else if (parent === (box as unknown)) box.value = undefined;
    else if (Array.isArray(parent)) parent.splice(k as number, 1);
    else delete parent[k as string];
  }
}

const mutatedDocument = fc.tuple(canvasArbitrary({ maxDepth: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([canvas, mutations]) => {
  const box: Box = { value: toJSON(canvas) };
  for (const m of mutations) mutate(box, m);
  return box.value;
});

const nodeLooking = fc.dictionary(key, value, { maxKeys: 4 });

const anything = fc.oneof({ arbitrary: fc.jsonValue(), weight: 1 }, { arbitrary: nodeLooking, weight: 1 }, { arbitrary: mutatedDocument, weight: 4 });

/** Whether a problem's pointer names a place in the document, or a missing key of an object in it. */
function pointsInto(doc: unknown, pointer: string): boolean {
  if (pointer === '/') return true;
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let here: unknown = doc;
  for (const [i, k] of keys.entries()) {
    if (typeof here !== 'object' || here === null || !Object.hasOwn(here, k)) return i === keys.length - 1 && typeof here === 'object' && here !== null;
    here = (here as Record<string, unknown>)[k];
  }
  return true;
}

describe('when fromJSON is fed anything', () => {
  afterEach(() => {
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  // Whatever it is given, fromJSON returns a canvas whose document reads back the same, or throws a
  // WorkflowValidationError whose problems each point into the document in words of our own.
  it('returns a canvas or throws WorkflowValidationError, nothing else', () => {
    fc.assert(
      fc.property(anything, (doc) => {
        let outcome: { canvas: ReturnType<typeof fromJSON> } | { error: unknown };
        try {
          outcome = { canvas: fromJSON(doc) };
        } catch (error) {
          outcome = { error };
        }
        if ('canvas' in outcome) {
          const text = JSON.stringify(toJSON(outcome.canvas));
          expect(JSON.stringify(toJSON(fromJSON(JSON.parse(text))))).toBe(text);
          return;
        }
        expect(outcome.error).toBeInstanceOf(WorkflowValidationError);
        const { errors } = outcome.error as WorkflowValidationError;
        expect(errors.length).toBeGreaterThan(0);
        for (const problem of errors) {
          expect(problem.message).not.toContain(schemaMismatch);
          expect(problem.message).not.toMatch(/must (match|be|have|NOT)/);
          expect(pointsInto(doc, problem.path), `${problem.path} in ${JSON.stringify(doc)}`).toBe(true);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 1000, seed: 20_240_613 },
    );
  });
});
