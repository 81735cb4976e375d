import { describe, expect, it } from 'vitest';
import { suggest } from '../../../canvas/suggest.js';

// The "did you mean" of every unknown option and document key: close enough to be a typo, or nothing.
describe('suggest', () => {
  const keys = ['task', 'chain', 'group', 'chord', 'retries', 'eta'];

  it('suggests the candidate one edit away, whatever the case', () => {
    expect(suggest('tsk', keys)).toBe('task');
    expect(suggest('chains', keys)).toBe('chain');
    expect(suggest('Chord', keys)).toBe('chord');
    expect(suggest('GROUP', keys)).toBe('group');
  });

  it('counts swapping two neighbouring letters as one edit', () => {
    expect(suggest('gruop', keys)).toBe('group');
    expect(suggest('tsak', keys)).toBe('task');
    expect(suggest('rteries', keys)).toBe('retries');
  });

  it('allows one edit per three letters of the candidate, and at least one', () => {
    expect(suggest('retrs', keys)).toBe('retries');
    expect(suggest('rtrs', keys)).toBeUndefined();
    expect(suggest('et', keys)).toBe('eta');
    expect(suggest('e', keys)).toBeUndefined();
  });

  it('picks the closest candidate, the first of equally close ones', () => {
    expect(suggest('chard', ['chart', 'chord'])).toBe('chart');
    expect(suggest('chorx', ['chart', 'chord'])).toBe('chord');
  });

  it('counts a swap as one edit only when the two letters really trade places', () => {
    const options = ['retries', 'backoff', 'countdown', 'eta', 'expires', 'timeout', 'priority', 'queue', 'rateLimit', 'retryOn'];
    for (const word of ['ate', 'tia', 'qeueu', 'countup', 'retain', 'priorities']) expect(suggest(word, options)).toBeUndefined();
    expect(suggest('retryif', options)).toBe('retryOn');
  });

  it('suggests nothing when there are no candidates or none is close', () => {
    expect(suggest('task', [])).toBeUndefined();
    expect(suggest('xyzzy', keys)).toBeUndefined();
  });
});
