import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runOne } from '../../support/run-one.js';

/**
 * Makers of values no handler should produce, and which a runner must survive: each defeats a naive `String(e)`
 * or `e.message`. Makers, not values, because fast-check itself cannot hold a revoked proxy.
 */
function hostile(): fc.Arbitrary<() => unknown> {
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const throwingGetter = (key: string, base: object) => Object.defineProperty(base, key, { get: () => { throw new Error(`${key} getter`); } });
  const trap = () => { throw new Error('trap'); };
  const maker = (make: () => unknown) => fc.constant(make);
  return fc.oneof(
    fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }).map((value) => () => value),
    fc.string().map((text) => () => throwingGetter('message', new Error(text))),
    fc.constantFrom('name', 'stack', 'message').map((key) => () => throwingGetter(key, new TypeError('x'))),
    maker(revoked),
    maker(() => new Proxy(new Error('proxied'), { get: trap, getPrototypeOf: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, has: trap })),
    maker(() => new Proxy({}, { get: trap, ownKeys: trap, getPrototypeOf: trap })),
    maker(() => ({ toString: trap, valueOf: trap, toJSON: trap })),
    maker(() => Object.create(null) as unknown),
    fc.string().map((text) => () => Symbol(text)),
    maker(() => {
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      return cycle;
    }),
    maker(() => throwingGetter('x', {})),
    maker(() => () => 1),
  );
}

describe('when a handler throws or returns anything at all', () => {
  // Invariant: whatever a handler throws or returns, sync or async, the runner resolves with a plain-JSON success or a failure whose errorName and message are strings.
  it('ends the attempt as a JSON success or a failure with a name and a message, never an escaping error', async () => {
    await fc.assert(
      fc.asyncProperty(hostile(), fc.constantFrom('throw', 'reject', 'return', 'resolve'), async (make, how) => {
        const handler = () => {
          const value = make();
          if (how === 'throw') throw value;
          if (how === 'reject') return Promise.reject(value);
          if (how === 'resolve') return Promise.resolve(value);
          return value;
        };
        const result = await runOne(handler);
        if (result.ok === true) {
          // A success is plain JSON that survives another trip unchanged.
          expect(JSON.parse(JSON.stringify(result.value))).toEqual(result.value);
          expect(how === 'return' || how === 'resolve').toBe(true);
        } else if (result.ok === false) {
          expect(typeof result.failure.errorName).toBe('string');
          expect(typeof result.failure.message).toBe('string');
          expect(result.failure.message.length).toBeGreaterThan(0);
          expect(result.failure.taskName).toBe('probe');
        } else {
          throw new Error('a hostile value cannot ask for a replacement');
        }
      }),
      { numRuns: 400 },
    );
  });

  // Invariant: a JSON value returned by a handler comes back as itself (through JSON).
  it('returns any JSON value unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const result = await runOne(() => value);
        expect(result).toEqual({ ok: true, value: JSON.parse(JSON.stringify(value)) });
      }),
      { numRuns: 200 },
    );
  });
});
