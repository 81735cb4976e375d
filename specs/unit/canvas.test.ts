import { describe, expect, it } from 'vitest';
import { chain, chord, group, signature, WorkflowValidationError } from '../../index.js';

const add = (...args: number[]) => signature('add', args);

describe('canvas nodes', () => {
  describe('when options are set', () => {
    it('returns a new node and leaves the original unchanged', () => {
      const base = add(2);
      const next = base.set({ countdown: 500, retries: 3 });
      expect(base.options).toEqual({});
      expect(next.options).toEqual({ countdown: 500, retries: 3 });
      expect(Object.isFrozen(next)).toBe(true);
    });
    it('stores an eta Date as an ISO string so the canvas stays JSON', () => {
      expect(add().set({ eta: new Date('2030-01-02T03:04:05Z') }).options.eta).toBe('2030-01-02T03:04:05.000Z');
    });
    it('rejects a misspelt option and suggests the right one', () => {
      const error = (() => {
        try {
          add().set({ retires: 3 } as never);
        } catch (e) {
          return e;
        }
      })() as WorkflowValidationError;
      expect(error).toBeInstanceOf(WorkflowValidationError);
      expect(error.errors).toEqual([{ path: '/options/retires', message: 'Unknown option `retires`', hint: 'did you mean `retries`?' }]);
    });
    it('names the option, what was expected and what came', () => {
      expect(() => add().set({ retries: -1 })).toThrow('Expected `retries` to be a whole number from 0 and up, got `-1` (number)');
      expect(() => add().set({ rateLimit: '10 per second' })).toThrow(/rateLimit.*'10\/s'/);
      expect(() => add().set({ backoff: { type: 'linear', delay: 1 } as never })).toThrow(/'fixed' or 'exponential'/);
      expect(() => add().set({ countdown: 1, eta: new Date() })).toThrow(/either `countdown` or `eta`/);
    });
  });

  describe('when arguments are not JSON', () => {
    it('points to the bad argument', () => {
      expect(() => signature('t', [{ when: new Date() }] as never)).toThrow(/\/args\/0\/when.*Date/);
      expect(() => signature('t', [1, () => 2] as never)).toThrow(/\/args\/1.*function/);
      expect(() => signature('t', [Number.NaN])).toThrow(/NaN/);
    });
  });

  describe('when shapes are built', () => {
    it('a chain needs a step', () => {
      expect(() => chain()).toThrow(/at least one step/);
    });
    it('rejects something that is not a canvas node', () => {
      expect(() => chain(add(1), 'add' as never)).toThrow(/\/chain\/1/);
      expect(() => chord([add(1)], undefined as never)).toThrow(/needs a body/);
    });
    it('chord accepts a group as its header and keeps the group options', () => {
      const c = chord(group(add(1), add(2)).set({ queue: 'q' }), add());
      expect(c.header).toHaveLength(2);
      expect(c.options).toEqual({ queue: 'q' });
    });
    it('link and linkError return new nodes', () => {
      const base = group(add(1));
      const linked = base.link(add(2)).linkError(add(3));
      expect(base.links).toHaveLength(0);
      expect(linked.links).toHaveLength(1);
      expect(linked.errbacks).toHaveLength(1);
    });
  });
});

describe('when canvas values come from untrusted places', () => {
  it('keeps arguments and backoff frozen all the way down', () => {
    const sig = signature('t', [{ n: 1, list: [1] }]).set({ backoff: { type: 'fixed', delay: 5 } });
    expect(() => ((sig.args[0] as { n: number }).n = 2)).toThrow(TypeError);
    expect(() => ((sig.args[0] as { list: number[] }).list.push(2))).toThrow(TypeError);
    expect(() => ((sig.options.backoff as { delay: number }).delay = 9)).toThrow(TypeError);
  });
  it("copies arguments once: the caller's later changes do not reach them, and a derived signature shares them", () => {
    const given = [{ list: [1] }, JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>];
    const sig = signature('t', given as never[]);
    (given[0] as { list: number[] }).list.push(2);
    expect(sig.args[0]).toEqual({ list: [1] });
    expect(Object.hasOwn(sig.args[1] as object, '__proto__')).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(sig.set({ retries: 2 }).link(signature('u')).args).toBe(sig.args);
  });
  it('accepts only RFC 3339 date-times, so every stored date reads back from a document', () => {
    expect(() => signature('t').set({ eta: '2030-01-31' })).toThrow(/RFC 3339/);
    expect(() => signature('t').set({ eta: 'Jan 1 2030' })).toThrow(/RFC 3339/);
    expect(() => signature('t').set({ eta: new Date('+010000-01-01T00:00:00Z') })).toThrow(/RFC 3339/);
    expect(signature('t').set({ eta: '2030-01-31T09:00:00+02:00' }).options.eta).toBe('2030-01-31T09:00:00+02:00');
  });
  it('describes a hostile value by its prototype, not by a key it carries', () => {
    expect(() => signature('t').set({ retries: { constructor: { name: 'Evil' } } as never })).toThrow(/an object/);
    expect(() => signature('t').set({ retries: 10n as never })).toThrow(/`10` \(bigint\)/);
  });
});

describe('task options from other libraries', () => {
  it("suggests `timeout` for Celery's `timeLimit`, and `retries` for `max_retries`", () => {
    const sig = signature('a', []);
    expect(() => sig.set({ timeLimit: 10 } as never)).toThrow(/Unknown option `timeLimit` \(did you mean `timeout`\?\)/);
    expect(() => sig.set({ max_retries: 1 } as never)).toThrow(/did you mean `retries`\?/);
  });

  it('accepts in code only the dates a document accepts: a 31 February is refused by both', () => {
    expect(() => signature('a', []).set({ eta: '2030-02-31T00:00:00Z' })).toThrow(/Expected `eta` to be a Date or an RFC 3339 date-time string/);
  });
});
