import type { Logger, Outcome } from '../../engine/ports/index.js';
import { logOnce } from '../support/log-once.js';
import { OutcomeWaiters, type NotificationSource, type Notify } from '../support/outcome-waiters.js';
import type { Connection } from './connection.js';
import { decodeOutcome } from './outcome-codec.js';

/**
 * Waits for workflows to finish. One subscriber connection, created on first use, listens on the channel that
 * finishWorkflow and revokeWorkflow publish to. A message carries the workflow id and the outcome that call
 * wrote (see `finishedMessage`); an outcome is written once and never changes, so a waiter takes it as is,
 * with no read. A lost message costs at most a second: every waiter also reads the store on its own.
 *
 * A wait fails with the store's `UNAVAILABLE` error when a read (or the subscription) could not reach Redis
 * within its `connectTimeoutMs`; shorter outages, such as a restart, only delay it.
 */
export function outcomeWaiters(connect: () => Connection, channel: string, read: (workflowId: string) => Promise<Outcome | undefined>, logger: Logger): OutcomeWaiters {
  const logError = logOnce(logger, 'result store subscriber');
  return new OutcomeWaiters({ read, source: new FinishedMessages(connect, channel, logError), logError });
}

/** The finished channel, on a subscriber connection of its own; ioredis reconnects it, so it never reports a drop. */
class FinishedMessages implements NotificationSource {
  #subscriber: Connection | undefined;

  constructor(
    private readonly connect: () => Connection,
    private readonly channel: string,
    private readonly logError: (error: unknown) => void,
  ) {}

  async start(notify: Notify): Promise<void> {
    const subscriber = this.connect();
    this.#subscriber = subscriber;
    subscriber.redis.on('error', this.logError);
    subscriber.redis.on('message', (_channel: string, message: string) => this.deliver(message, notify));
    try {
      await subscriber.run(`subscribe to ${this.channel} to wait for results`, () => subscriber.redis.subscribe(this.channel));
    } catch (error) {
      if (this.#subscriber === subscriber) this.#subscriber = undefined;
      await subscriber.close();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.#subscriber?.close();
  }

  private deliver(message: string, notify: Notify): void {
    const { workflowId, outcome } = parseFinishedMessage(message);
    if (outcome === undefined) return notify(workflowId);
    notify(workflowId, () => {
      try {
        return decodeOutcome(outcome);
      } catch (error) {
        // Undecodable, so the message only means "read again".
        this.logError(error);
        return undefined;
      }
    });
  }
}

/**
 * A message on the finished channel: the workflow id, a newline, then the outcome JSON as stored (see
 * finishWorkflow's header). The outcome never holds a newline (JSON.stringify escapes them in strings), so
 * the last newline ends the id, whatever the id holds. A message with no newline is a bare id (as published
 * before outcomes were carried): it only means "read again".
 */
export function parseFinishedMessage(message: string): { workflowId: string; outcome?: string } {
  const end = message.lastIndexOf('\n');
  return end < 0 ? { workflowId: message } : { workflowId: message.slice(0, end), outcome: message.slice(end + 1) };
}
