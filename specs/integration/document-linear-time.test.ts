import { describe, expect, it } from 'vitest';
import { fromJSON } from '../../canvas/document/index.js';
import { problemsOf } from '../unit/document/problems-of.js';

// A bound on wall-clock time: it belongs with the tests that run on real time, not with the unit tests.
describe('when a valid document links deeply', () => {
  it('validates in linear time (a oneOf schema took 4^depth steps)', () => {
    let doc: unknown = { task: 'a' };
    for (let i = 0; i < 31; i++) doc = { task: 'a', link: [doc] };
    const started = performance.now();
    expect(() => fromJSON(doc)).not.toThrow();
    expect(problemsOf({ task: 'a', link: [doc], bad: 1 })).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
