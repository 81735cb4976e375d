import type { Backoff } from '../../canvas/options.js';

/**
 * Milliseconds to wait before attempt `failedAttempt + 1`, as BullMQ computes it: fixed waits `delay`,
 * exponential waits `delay * 2^(failedAttempt-1)`, capped at `maxDelay`; jitter `j` then draws from
 * `[wait*(1-j), wait]` using `random` in [0,1).
 */
export function backoffDelay(backoff: Backoff | null, failedAttempt: number, random: number): number {
  if (!backoff) return 0;
  const grown = backoff.type === 'fixed' ? backoff.delay : backoff.delay * 2 ** Math.max(0, failedAttempt - 1);
  const wait = backoff.maxDelay === undefined ? grown : Math.min(grown, backoff.maxDelay);
  const jitter = backoff.jitter ?? 0;
  return Math.round(wait * (1 - jitter) + wait * jitter * random);
}
