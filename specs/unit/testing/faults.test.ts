import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultKinds, faults, resolveFaultOptions } from '../../../testing/index.js';

describe('faults()', () => {
  describe('when no kind is named', () => {
    it('draws every kind but the revokes, at most 8 per schedule, each at a place in [0, 1), none only on redeliveries', () => {
      const schedules = fc.sample(faults(), { seed: 1, numRuns: 300 });
      const kinds = new Set(schedules.flat().map((fault) => fault.kind));
      expect([...kinds].sort()).toEqual(faultKinds.filter((kind) => kind !== 'revoke' && kind !== 'revokeTerminate').sort());
      expect(schedules.flat().some((fault) => fault.redelivered)).toBe(false);
      expect(Math.max(...schedules.map((s) => s.length))).toBe(8);
      for (const fault of schedules.flat()) expect(fault.at >= 0 && fault.at < 1).toBe(true);
    });
  });

  describe('when kinds are named with weights', () => {
    it('draws only those, in proportion to their weights, within the bounds', () => {
      const schedules = fc.sample(faults({ crashBeforeCommit: 3, duplicate: true, minFaults: 2, maxFaults: 3 }), { seed: 2, numRuns: 400 });
      const all = schedules.flat();
      expect(new Set(all.map((f) => f.kind))).toEqual(new Set(['crashBeforeCommit', 'duplicate']));
      const crashes = all.filter((f) => f.kind === 'crashBeforeCommit').length / all.length;
      expect(crashes).toBeGreaterThan(0.65);
      expect(crashes).toBeLessThan(0.85);
      for (const s of schedules) expect(s.length >= 2 && s.length <= 3).toBe(true);
    });
  });

  describe('when a revoke is named', () => {
    it('draws it, alone or with the kinds named beside it', () => {
      const kinds = new Set(fc.sample(faults({ revoke: 1, revokeTerminate: 1, delay: 1, minFaults: 1 }), { seed: 3, numRuns: 200 }).flat().map((f) => f.kind));
      expect(kinds).toEqual(new Set(['revoke', 'revokeTerminate', 'delay']));
    });
  });

  describe('when a share of faults is placed on redeliveries', () => {
    it('marks about that share of them, and no other', () => {
      const all = fc.sample(faults({ duplicate: true, minFaults: 1, redelivered: 0.25 }), { seed: 4, numRuns: 400 }).flat();
      const share = all.filter((f) => f.redelivered).length / all.length;
      expect(share).toBeGreaterThan(0.18);
      expect(share).toBeLessThan(0.32);
      expect(fc.sample(faults({ redelivered: 1, minFaults: 1 }), { seed: 5, numRuns: 50 }).flat().every((f) => f.redelivered === true)).toBe(true);
    });
  });

  describe('when a kind is only turned off', () => {
    it('keeps all the others', () => {
      expect(resolveFaultOptions({ lockExpiry: false }).weights).toMatchObject({ lockExpiry: 0, duplicate: 1, crashBeforeRun: 1 });
    });
  });

  describe('when options are wrong', () => {
    it('says which option, what was expected and what came', () => {
      expect(() => faults({ crashBeforeCommit: 1.5 })).toThrow(/Expected `crashBeforeCommit` to be true, false or a whole-number weight from 0 up, got `1.5`/);
      expect(() => faults({ maxFaults: -1 })).toThrow(/Expected `maxFaults` to be a whole number from 0 up, got `-1`/);
      expect(() => faults({ minFaults: 4, maxFaults: 2 })).toThrow(/`minFaults` \(4\) to be at most `maxFaults` \(2\)/);
      expect(() => faults({ crash: true } as never)).toThrow(/Unknown faults\(\) option `crash`/);
      expect(() => faults({ redelivered: 2 })).toThrow(/Expected `redelivered` to be a share from 0 to 1, got `2`/);
      expect(() => faults(Object.fromEntries(faultKinds.map((k) => [k, false])))).toThrow(/every kind of fault turned off/);
    });
    it('gives no faults at all for maxFaults 0', () => {
      expect(fc.sample(faults({ maxFaults: 0 }), 5)).toEqual([[], [], [], [], []]);
    });
  });
});
