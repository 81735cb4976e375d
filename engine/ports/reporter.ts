import type { EventOf } from './events.js';
import type { Logger } from './logger.js';

/**
 * Something told about each task that fails for good (`task-failed`): an e-mail, a webhook, a pager. The
 * package ships `emailReporter` and `webhookReporter`; `createApp({ reporters })` takes any object of this shape.
 *
 * Does not promise: delivery. `report` must not throw for a delivery that failed: it retries a few times,
 * logs through `logger`, and gives up; no task waits for it.
 */
export interface Reporter {
  /** Named in logs: `email`, `webhook`. */
  readonly name: string;
  report(event: EventOf<'task-failed'>, logger: Logger): Promise<void>;
  /** Releases connections (an SMTP pool). */
  close?(): Promise<void>;
}
