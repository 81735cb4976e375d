import type { Logger as ObserveLogger } from '../engine/ports/logger.js';

export interface DeliveryPolicy {
  /** Tries in all. */
  readonly attempts: number;
  /** Before the second try; doubled before each later one. */
  readonly delayMs: number;
}

/**
 * Tries `send` up to `attempts` times, waiting between tries; logs each failed try at warn and the last at
 * error. Resolves true once delivered, false when it gave up; never rejects, so a reporter never fails a task.
 */
export async function deliver(what: string, send: () => Promise<void>, policy: DeliveryPolicy, logger: ObserveLogger, fields: object): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return true;
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      if (attempt >= policy.attempts) {
        logger.error({ ...fields, err, attempt }, `Could not ${what} after ${attempt} tries, giving up: ${err.message}`);
        return false;
      }
      const wait = policy.delayMs * 2 ** (attempt - 1);
      logger.warn({ ...fields, err, attempt }, `Could not ${what} (try ${attempt} of ${policy.attempts}), trying again in ${wait} ms: ${err.message}`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
