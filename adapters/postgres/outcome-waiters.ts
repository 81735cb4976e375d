import type { Client, Notification } from 'pg';
import type { Logger, Outcome } from '../../engine/ports/index.js';
import { logOnce } from '../support/log-once.js';
import { OutcomeWaiters, type NotificationSource, type Notify } from '../support/outcome-waiters.js';
import { quoteIdentifier } from './quote-identifier.js';

/**
 * Waits for workflows to finish. One connection of its own, opened on first wait, LISTENs on the channel that
 * finish_workflow and revoke_workflow notify with workflow ids. A notification only means "look again": the
 * outcome is always read from the store, so a lost or duplicated one costs at most a second, never a wrong answer.
 * If that connection drops, waiters go on re-checking and the next re-check opens a new one.
 */
export function outcomeWaiters(
  connect: () => Promise<Client>,
  channel: string,
  read: (workflowId: string) => Promise<Outcome | undefined>,
  logger: Logger,
  /** Turns a connection failure into the store's `UNAVAILABLE` error. */
  unavailable: (error: unknown) => unknown = (error) => error,
): OutcomeWaiters {
  const logError = logOnce(logger, 'result store listener');
  return new OutcomeWaiters({ read, source: new Listener(connect, channel, logError, unavailable), logError });
}

/** The LISTEN connection. pg does not reconnect a client, so a dropped one is reported and replaced on the next start. */
class Listener implements NotificationSource {
  #client: Client | undefined;
  #opening: Promise<void> | undefined;

  constructor(
    private readonly connect: () => Promise<Client>,
    private readonly channel: string,
    private readonly logError: (error: unknown) => void,
    private readonly unavailable: (error: unknown) => unknown,
  ) {}

  start(notify: Notify, dropped: () => void): Promise<void> {
    this.#opening = this.open(notify, dropped);
    return this.#opening;
  }

  async stop(): Promise<void> {
    await this.#opening?.catch(() => undefined);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async open(notify: Notify, dropped: () => void): Promise<void> {
    const client = await this.connect();
    const drop = () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      dropped();
    };
    client.on('error', (error) => {
      this.logError(error);
      drop();
      client.end().catch(() => undefined);
    });
    client.on('end', drop);
    client.on('notification', (message: Notification) => {
      if (message.channel !== this.channel || !message.payload) return;
      notify(message.payload);
    });
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(this.channel)}`);
    } catch (error) {
      drop();
      await client.end().catch(() => undefined);
      throw this.unavailable(error);
    }
  }
}
