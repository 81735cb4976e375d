import { escapeIdentifier, type Client, type Notification } from 'pg';
import type { Outcome } from '../../engine/outcome.js';
import { logOnce } from './log-once.js';

interface Waiter {
  /** Reads the store again and ends the wait if the workflow has an outcome. */
  check(): void;
  end(outcome: Outcome | undefined): void;
}

/** How often a waiter reads the store on its own, in case a notification was lost (e.g. while reconnecting). */
const recheckMs = 1000;

/**
 * Waits for workflows to finish. One connection of its own, opened on first wait, LISTENs on the channel that
 * finish_workflow and revoke_workflow notify with workflow ids. A notification only means "look again": the
 * outcome is always read from the store, so a lost or duplicated one costs at most a second, never a wrong answer.
 * If that connection drops, waiters go on re-checking and the next re-check opens a new one.
 */
export class OutcomeWaiters {
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #logError = logOnce('result store listener');
  #listener: Client | undefined;
  #listening: Promise<void> | undefined;
  #closed = false;

  constructor(
    private readonly connect: () => Client,
    private readonly channel: string,
    private readonly read: (workflowId: string) => Promise<Outcome | undefined>,
  ) {}

  async wait(workflowId: string, timeoutMs: number): Promise<Outcome | undefined> {
    if (this.#closed) return undefined;
    if (!(timeoutMs > 0)) return this.read(workflowId);
    await this.listen();
    if (this.#closed) return undefined;
    return new Promise((resolve) => {
      const deadline = Date.now() + timeoutMs;
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      let reading = false;
      let readAgain = false;
      const waiters = this.#waiters.get(workflowId) ?? new Set<Waiter>();
      this.#waiters.set(workflowId, waiters);

      const waiter: Waiter = {
        end: (outcome) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          waiters.delete(waiter);
          if (waiters.size === 0 && this.#waiters.get(workflowId) === waiters) this.#waiters.delete(workflowId);
          resolve(outcome);
        },
        check: () => {
          // A notification that arrives while a read is in flight may come from a commit that read did not see.
          if (reading) return void (readAgain = true);
          reading = true;
          this.read(workflowId)
            .then(
              (outcome) => outcome && waiter.end(outcome),
              (error: unknown) => done || this.#logError(error),
            )
            .finally(() => {
              reading = false;
              if (readAgain && !done) {
                readAgain = false;
                waiter.check();
              }
            });
        },
      };
      const tick = () => {
        if (done) return;
        if (Date.now() >= deadline) return waiter.end(undefined);
        if (!this.#listener && !this.#closed) this.listen().catch(this.#logError);
        waiter.check();
        // Capped at the remaining time, so Infinity and very long timeouts never overflow setTimeout.
        timer = setTimeout(tick, Math.min(recheckMs, deadline - Date.now()));
      };
      // Registered before the first read, so a notification sent right after that read is not missed.
      waiters.add(waiter);
      tick();
    });
  }

  /** Ends every pending wait with undefined and closes the listening connection. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiters of [...this.#waiters.values()]) for (const waiter of [...waiters]) waiter.end(undefined);
    this.#waiters.clear();
    await this.#listening?.catch(() => undefined);
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private listen(): Promise<void> {
    this.#listening ??= this.openListener().catch((error: unknown) => {
      this.#listening = undefined;
      throw error;
    });
    return this.#listening;
  }

  private async openListener(): Promise<void> {
    const client = this.connect();
    const drop = () => {
      if (this.#listener !== client) return;
      this.#listener = undefined;
      this.#listening = undefined;
    };
    client.on('error', (error) => {
      this.#logError(error);
      drop();
      client.end().catch(() => undefined);
    });
    client.on('end', drop);
    client.on('notification', (message: Notification) => {
      if (message.channel !== this.channel || !message.payload) return;
      for (const waiter of this.#waiters.get(message.payload) ?? []) waiter.check();
    });
    this.#listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${escapeIdentifier(this.channel)}`);
    } catch (error) {
      drop();
      await client.end().catch(() => undefined);
      throw error;
    }
  }
}
