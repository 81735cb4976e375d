import { isCeleriacError } from '../../canvas/errors.js';
import type { Outcome } from '../../engine/outcome.js';
import type { Connection } from './connection.js';
import { logOnce } from './log-once.js';
import { decodeOutcome } from './outcome-codec.js';

interface Waiter {
  /** Reads the store again and ends the wait if the workflow has an outcome. */
  check(): void;
  end(outcome: Outcome | undefined): void;
  fail(error: unknown): void;
}

/** How often a waiter reads the store on its own, in case a message was lost (e.g. while reconnecting). */
const recheckMs = 1000;

/**
 * Waits for workflows to finish. One subscriber connection, created on first use, listens on the channel that
 * finishWorkflow and revokeWorkflow publish to. A message carries the workflow id and the outcome that call
 * wrote (see `finishedMessage`); an outcome is written once and never changes, so a waiter takes it as is,
 * with no read. A lost message costs at most a second: every waiter also reads the store on its own.
 *
 * A wait fails with the store's `UNAVAILABLE` error when a read (or the subscription) could not reach Redis
 * within its `connectTimeoutMs`; shorter outages, such as a restart, only delay it.
 */
export class OutcomeWaiters {
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #logError = logOnce('result store subscriber');
  #subscriber: Connection | undefined;
  #subscribed: Promise<void> | undefined;
  #closed = false;

  constructor(
    private readonly connect: () => Connection,
    private readonly channel: string,
    private readonly read: (workflowId: string) => Promise<Outcome | undefined>,
  ) {}

  async wait(workflowId: string, timeoutMs: number): Promise<Outcome | undefined> {
    if (!(timeoutMs > 0)) return this.read(workflowId);
    await this.subscribe();
    if (this.#closed) return undefined;
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      let reading = false;
      let readAgain = false;
      const waiters = this.#waiters.get(workflowId) ?? new Set<Waiter>();
      this.#waiters.set(workflowId, waiters);

      const finish = () => {
        if (done) return false;
        done = true;
        clearTimeout(timer);
        waiters.delete(waiter);
        if (waiters.size === 0 && this.#waiters.get(workflowId) === waiters) this.#waiters.delete(workflowId);
        return true;
      };
      const waiter: Waiter = {
        end: (outcome) => finish() && resolve(outcome),
        fail: (error) => finish() && reject(error),
        check: () => {
          // A message that arrives while a read is in flight may come from a write that read did not see.
          if (reading) return void (readAgain = true);
          reading = true;
          this.read(workflowId)
            .then(
              (outcome) => outcome && waiter.end(outcome),
              (error: unknown) => (isUnavailable(error) ? waiter.fail(error) : this.#logError(error)),
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
    await this.#subscriber?.close();
    await this.#subscribed?.catch(() => undefined);
  }

  private subscribe(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#subscribed ??= this.openSubscriber().catch((error: unknown) => {
      this.#subscribed = undefined;
      throw error;
    });
    return this.#subscribed;
  }

  private async openSubscriber(): Promise<void> {
    const subscriber = this.connect();
    this.#subscriber = subscriber;
    subscriber.redis.on('error', this.#logError);
    subscriber.redis.on('message', (_channel: string, message: string) => this.deliver(message));
    try {
      await subscriber.run(`subscribe to ${this.channel} to wait for results`, () => subscriber.redis.subscribe(this.channel));
    } catch (error) {
      if (this.#subscriber === subscriber) this.#subscriber = undefined;
      await subscriber.close();
      throw error;
    }
  }

  private deliver(message: string): void {
    const { workflowId, outcome } = parseFinishedMessage(message);
    const waiters = this.#waiters.get(workflowId);
    if (!waiters) return;
    let decoded: Outcome | undefined;
    try {
      decoded = outcome === undefined ? undefined : decodeOutcome(outcome);
    } catch (error) {
      this.#logError(error);
    }
    for (const waiter of [...waiters]) {
      if (decoded) waiter.end(decoded);
      else waiter.check();
    }
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

function isUnavailable(error: unknown): boolean {
  return isCeleriacError(error) && error.code === 'UNAVAILABLE';
}
