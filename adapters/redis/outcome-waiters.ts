import type { Redis } from 'ioredis';
import type { Outcome } from '../../engine/outcome.js';
import { logOnce } from './log-once.js';

interface Waiter {
  /** Reads the store again and ends the wait if the workflow has an outcome. */
  check(): void;
  end(outcome: Outcome | undefined): void;
}

/** How often a waiter reads the store on its own, in case a message was lost (e.g. while reconnecting). */
const recheckMs = 1000;

/**
 * Waits for workflows to finish. One subscriber connection, created on first use, listens on the channel that
 * finishWorkflow publishes workflow ids to. A message only means "look again": the outcome itself is always
 * read from the store, so a lost or duplicated message costs at most a second, never a wrong answer.
 */
export class OutcomeWaiters {
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #logError = logOnce('result store subscriber');
  #subscriber: Redis | undefined;
  #subscribed: Promise<void> | undefined;
  #closed = false;

  constructor(
    private readonly connect: () => Redis,
    private readonly channel: string,
    private readonly read: (workflowId: string) => Promise<Outcome | undefined>,
  ) {}

  async wait(workflowId: string, timeoutMs: number): Promise<Outcome | undefined> {
    if (!(timeoutMs > 0)) return this.read(workflowId);
    await this.subscribe();
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
          // A message that arrives while a read is in flight may come from a write that read did not see.
          if (reading) return void (readAgain = true);
          reading = true;
          this.read(workflowId)
            .then((outcome) => outcome && waiter.end(outcome), this.#logError)
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
        waiter.check();
        // Capped at the remaining time, so Infinity and very long timeouts never overflow setTimeout.
        timer = setTimeout(tick, Math.min(recheckMs, deadline - Date.now()));
      };
      // Registered before the first read, so a message published right after that read is not missed.
      waiters.add(waiter);
      tick();
    });
  }

  /** Ends every pending wait with undefined and closes the subscriber connection. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiters of [...this.#waiters.values()]) for (const waiter of [...waiters]) waiter.end(undefined);
    this.#waiters.clear();
    await this.#subscribed?.catch(() => undefined);
    await this.#subscriber?.quit().catch(() => this.#subscriber?.disconnect());
  }

  private subscribe(): Promise<void> {
    this.#subscribed ??= this.openSubscriber().catch((error: unknown) => {
      this.#subscribed = undefined;
      throw error;
    });
    return this.#subscribed;
  }

  private async openSubscriber(): Promise<void> {
    const subscriber = this.connect();
    this.#subscriber = subscriber;
    subscriber.on('error', this.#logError);
    subscriber.on('message', (_channel: string, workflowId: string) => {
      for (const waiter of this.#waiters.get(workflowId) ?? []) waiter.check();
    });
    try {
      await subscriber.subscribe(this.channel);
    } catch (error) {
      subscriber.disconnect();
      this.#subscriber = undefined;
      throw error;
    }
  }
}
