import { describe, expect, it } from 'vitest';
import { chain } from '../../../canvas/chain.js';
import { chord } from '../../../canvas/chord.js';
import { fromJSON, toJSON } from '../../../canvas/document/index.js';
import { group } from '../../../canvas/group.js';
import { Signature, signature } from '../../../canvas/signature.js';

describe('when a task has no args, is not immutable and has no options or callbacks', () => {
  it('writes only its name', () => {
    expect(toJSON(signature('add'))).toStrictEqual({ task: 'add' });
  });
});

describe('when a task has args, is immutable, has options and callbacks', () => {
  it('writes each, kind key first, in a fixed order', () => {
    const sig = new Signature('add', [1, [2]], true).set({ queue: 'io', retries: 2 }).link(signature('a')).linkError(signature('b'));
    const doc = toJSON(sig);
    expect(doc).toStrictEqual({ task: 'add', args: [1, [2]], immutable: true, options: { retries: 2, queue: 'io' }, link: [{ task: 'a' }], linkError: [{ task: 'b' }] });
    expect(Object.keys(doc)).toEqual(['task', 'args', 'immutable', 'options', 'link', 'linkError']);
    expect(Object.keys(doc.options ?? {})).toEqual(['retries', 'queue']);
  });
});

describe('when a group or a chord header is empty', () => {
  it('still writes the empty list', () => {
    expect(toJSON(group())).toStrictEqual({ group: [] });
    expect(toJSON(chord([], signature('b')))).toStrictEqual({ chord: { header: [], body: { task: 'b' } } });
  });
});

describe('when options hold dates and a backoff', () => {
  it('writes dates as the ISO strings the canvas stores and the backoff as type, delay, jitter', () => {
    const sig = signature('a').set({ eta: new Date('2030-01-31T09:00:00Z'), expires: new Date('2030-02-01T00:00:00Z'), backoff: { jitter: 0.1, delay: 10, type: 'fixed' } });
    const doc = toJSON(sig);
    expect(doc.options).toStrictEqual({ backoff: { type: 'fixed', delay: 10, jitter: 0.1 }, eta: '2030-01-31T09:00:00.000Z', expires: '2030-02-01T00:00:00.000Z' });
    expect(Object.keys(doc.options?.backoff ?? {})).toEqual(['type', 'delay', 'jitter']);
  });
});

describe('when the document is changed after toJSON', () => {
  it('leaves the canvas as it was', () => {
    const sig = signature('a', [{ n: 1 }]).set({ backoff: { type: 'fixed', delay: 1 } });
    const doc = toJSON(sig) as unknown as { args: { n: number }[]; options: { backoff: { delay: number } } };
    doc.args[0]!.n = 2;
    doc.options.backoff.delay = 2;
    expect(toJSON(sig)).toStrictEqual({ task: 'a', args: [{ n: 1 }], options: { backoff: { type: 'fixed', delay: 1 } } });
  });
});

describe('when a document uses non-canonical defaults', () => {
  it('reads them and writes the canonical form', () => {
    const doc = { task: 'a', args: [], immutable: false, options: {}, link: [], linkError: [] };
    expect(toJSON(fromJSON(doc))).toStrictEqual({ task: 'a' });
  });
});

describe('when a canvas nests every kind', () => {
  it('writes the document fromJSON reads back to an equal canvas', () => {
    const canvas = chain(signature('a', [1]), group(signature('b'), chord([signature('c')], signature('d')).set({ priority: 1 })), signature('e').link(group()));
    expect(fromJSON(toJSON(canvas))).toStrictEqual(canvas);
  });
});

describe('when a task has every option', () => {
  it("writes them in the schema's order, the backoff's maxDelay last and retryOn as a list of its own", () => {
    const retryOn = ['TimeoutError'];
    const sig = signature('a').set({
      retryOn,
      rateLimit: '10/s',
      queue: 'q',
      priority: 2,
      timeout: 100,
      expires: 5000,
      eta: '2030-01-31T09:00:00Z',
      backoff: { maxDelay: 1000, type: 'exponential', delay: 10 },
      retries: 3,
    });
    const doc = toJSON(sig);
    expect(Object.keys(doc.options ?? {})).toEqual(['retries', 'backoff', 'eta', 'expires', 'timeout', 'priority', 'queue', 'rateLimit', 'retryOn']);
    expect(doc.options?.backoff).toStrictEqual({ type: 'exponential', delay: 10, maxDelay: 1000 });
    expect(doc.options?.retryOn).toStrictEqual(['TimeoutError']);
    (doc.options?.retryOn as string[]).push('FetchError');
    expect(sig.options.retryOn).toEqual(['TimeoutError']);
    expect(toJSON(signature('a').set({ countdown: 5 })).options).toStrictEqual({ countdown: 5 });
  });
});

describe('when only some metadata is given', () => {
  it('writes only what is set, first, and a copy of params', () => {
    const params = { type: 'object', properties: {} };
    const doc = toJSON(signature('a'), { name: 'n', params });
    expect(doc).toStrictEqual({ name: 'n', params: { type: 'object', properties: {} }, task: 'a' });
    expect(doc.params).not.toBe(params);
    expect(toJSON(signature('a'), { description: 'd' })).toStrictEqual({ description: 'd', task: 'a' });
    expect(toJSON(signature('a'), { $schema: 's' })).toStrictEqual({ $schema: 's', task: 'a' });
    expect(toJSON(signature('a'), {})).toStrictEqual({ task: 'a' });
  });
});

describe('when given something that is not a canvas', () => {
  it('says so instead of writing a wrong document', () => {
    expect(() => toJSON({ kind: 'step', options: {}, links: [], errbacks: [] } as never)).toThrow('celeriac: not a canvas node: step');
  });
});
