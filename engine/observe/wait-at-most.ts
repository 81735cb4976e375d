import type { Clock } from '../ports/clock.js';

/**
 * Waits for `work`, or for `ms` on `clock`, whichever comes first (a rejection of `work` is thrown). The
 * timer is cancelled either way, so a shutdown that did not need it leaves nothing pending.
 */
export async function waitAtMost(clock: Clock, ms: number, work: Promise<unknown>): Promise<void> {
  let cancel = () => {};
  const timeout = new Promise<void>((resolve) => (cancel = clock.setTimer(ms, resolve)));
  try {
    await Promise.race([work, timeout]);
  } finally {
    cancel();
  }
}
