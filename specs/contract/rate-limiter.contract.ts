import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../engine/ports/rate-limiter.js';

export interface RateLimiterFixture {
  readonly rateLimiter: RateLimiter;
  /** Closes the limiter and removes whatever it wrote. */
  cleanup(): Promise<void>;
}

/** What every RateLimiter must do, run against each adapter. */
export function rateLimiterContract(name: string, make: () => Promise<RateLimiterFixture>): void {
  describe(`RateLimiter contract (${name})`, () => {
    let limiter: RateLimiter;
    let fixture: RateLimiterFixture;
    beforeEach(async () => {
      fixture = await make();
      limiter = fixture.rateLimiter;
    });
    afterEach(() => fixture.cleanup());

    describe('acquireRateSlot', () => {
      const limit = { max: 2, perMs: 1000 };
      const now = 1_700_000_000_000;

      describe('when max starts are taken within the period', () => {
        it('grants max starts, then asks to wait', async () => {
          const key = `task:${randomUUID()}`;
          expect(await limiter.acquireRateSlot(key, limit, now)).toBe(0);
          expect(await limiter.acquireRateSlot(key, limit, now)).toBe(0);
          const wait = await limiter.acquireRateSlot(key, limit, now);
          expect(wait).toBeGreaterThan(0);
          expect(wait).toBeLessThanOrEqual(1000);
        });
      });

      describe('when asked again before the wait is over', () => {
        it('takes nothing, then grants a start once the wait has passed', async () => {
          const key = `task:${randomUUID()}`;
          await limiter.acquireRateSlot(key, limit, now);
          await limiter.acquireRateSlot(key, limit, now);
          const wait = await limiter.acquireRateSlot(key, limit, now);
          expect(await limiter.acquireRateSlot(key, limit, now)).toBe(wait);
          expect(await limiter.acquireRateSlot(key, limit, now + wait)).toBe(0);
        });
      });

      describe('when two keys are limited', () => {
        it('counts them apart', async () => {
          const [a, b] = [`task:${randomUUID()}`, `task:${randomUUID()}`];
          const one = { max: 1, perMs: 1000 };
          expect(await limiter.acquireRateSlot(a, one, now)).toBe(0);
          expect(await limiter.acquireRateSlot(b, one, now)).toBe(0);
          expect(await limiter.acquireRateSlot(a, one, now)).toBeGreaterThan(0);
        });
      });
    });
  });
}
