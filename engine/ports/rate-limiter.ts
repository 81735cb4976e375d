/** At most `max` starts per `perMs` milliseconds. */
export interface RateLimit {
  readonly max: number;
  readonly perMs: number;
}

/**
 * Rate limits shared by every worker (a task's `rateLimit`).
 *
 * Does not promise: fairness between workers, or that a start taken is used (a worker may crash after taking it).
 */
export interface RateLimiter {
  /**
   * Takes one start from the limit `key`: returns 0 when the task may start now, else the milliseconds to wait
   * before asking again (nothing is taken then).
   */
  acquireRateSlot(key: string, limit: RateLimit, now: number): Promise<number>;
}
