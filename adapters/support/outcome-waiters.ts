import { isCeleriacError } from '../../canvas/errors.js';
import type { Outcome } from '../../engine/ports/outcome.js';
import { systemClock, type Clock } from '../../engine/ports/clock.js';

/**
 * Called with each workflow id that may have finished. `outcome` is there when the message carries the outcome
 * itself; it decodes on demand, so a message nobody waits for costs no decoding.
 */
export type Notify = (workflowId: string, outcome?: () => Outcome | undefined) => void;

/**
 * Where a result store hears that workflows finished (Redis SUBSCRIBE, PostgreSQL LISTEN), over a connection of
 * its own. It does not promise to deliver every notification: waiters also re-check the store on their own.
 */
export interface NotificationSource {
  /**
   * Opens the connection and starts listening; resolves once notifications can arrive, rejects if they cannot.
   * `dropped` says the connection was lost and will not come back by itself: the next re-check starts again.
   */
  start(notify: Notify, dropped: () => void): Promise<void>;
  /** Stops listening and closes the connection, one still being opened included. */
  stop(): Promise<void>;
  /**
   * For a source with a channel per workflow (sharded pub/sub on Redis Cluster): starts listening for this
   * workflow's end, resolving once subscribed (or at once when the source is not started: `start` then
   * subscribes every workflow watched). Called once per wait, `unwatch` once when that wait ends. A source with
   * one shared channel has neither.
   */
  watch?(workflowId: string): Promise<void>;
  unwatch?(workflowId: string): void;
}

export interface OutcomeWaitersOptions {
  /** Reads the workflow's outcome from the store: undefined while it has none. */
  readonly read: (workflowId: string) => Promise<Outcome | undefined>;
  readonly source: NotificationSource;
  /** For background errors (a failed re-check or restart), usually a `logOnce` shared with the source. */
  readonly logError: (error: unknown) => void;
  /**
   * How often a waiter reads the store on its own, in case a notification was lost (e.g. while reconnecting).
   * @default 1000
   */
  readonly recheckMs?: number;
  /**
   * How many re-checks a second all waits of this process make together, at most: with more waits than that, each
   * re-checks less often (10,000 waits re-check every 50 s each), so waiting on many results does not flood the
   * store with reads (notifications, not re-checks, are how a wait normally ends).
   * @default 200
   */
  readonly rechecksPerSecond?: number;
  /** @default systemClock */
  readonly clock?: Clock;
}

interface Waiter {
  /** Reads the store again and ends the wait if the workflow has an outcome. */
  check(): void;
  end(outcome: Outcome | undefined): void;
  fail(error: unknown): void;
}

/**
 * Waits for workflows to finish, for a result store whose adapter supplies the notifications. The source is
 * started on first wait. A notification only means "look again", unless it carries the outcome: an outcome is
 * written once and never changes, so a waiter takes it as is, with no read. A lost or duplicated notification
 * costs at most a re-check interval, never a wrong answer: every waiter also reads the store on its own. If the
 * source drops its connection, waiters go on re-checking and the next re-check starts it again.
 *
 * A wait fails with the store's `UNAVAILABLE` error when a read could not reach the store's server (or the source
 * could not start); any other read error is logged and the next re-check tries again.
 */
export class OutcomeWaiters {
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #read: (workflowId: string) => Promise<Outcome | undefined>;
  readonly #source: NotificationSource;
  readonly #logError: (error: unknown) => void;
  readonly #recheckMs: number;
  readonly #rechecksPerSecond: number;
  readonly #clock: Clock;
  /** Waits pending now, for the re-check budget. */
  #pending = 0;
  #listening: Promise<void> | undefined;
  #closed = false;

  constructor(options: OutcomeWaitersOptions) {
    this.#read = options.read;
    this.#source = options.source;
    this.#logError = options.logError;
    this.#recheckMs = options.recheckMs ?? 1000;
    this.#rechecksPerSecond = options.rechecksPerSecond ?? 200;
    this.#clock = options.clock ?? systemClock;
  }

  async wait(workflowId: string, timeoutMs: number): Promise<Outcome | undefined> {
    if (!(timeoutMs > 0)) return this.#read(workflowId);
    if (this.#closed) return undefined;
    // The deadline counts from the call: a source slow to start (a server that accepts and never answers) must
    // not add its own wait to the caller's. Until it listens, the re-checks alone find the outcome.
    const deadline = this.#clock.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const clock = this.#clock;
      let cancelTimer: (() => void) | undefined;
      let done = false;
      let reading = false;
      let readAgain = false;
      const waiters = this.#waiters.get(workflowId) ?? new Set<Waiter>();
      this.#waiters.set(workflowId, waiters);

      const finish = () => {
        if (done) return false;
        done = true;
        this.#pending--;
        cancelTimer?.();
        waiters.delete(waiter);
        if (waiters.size === 0 && this.#waiters.get(workflowId) === waiters) this.#waiters.delete(workflowId);
        this.#source.unwatch?.(workflowId);
        return true;
      };
      const waiter: Waiter = {
        end: (outcome) => finish() && resolve(outcome),
        fail: (error) => finish() && reject(error),
        check: () => {
          // A notification that arrives while a read is in flight may come from a write that read did not see.
          if (reading) return void (readAgain = true);
          reading = true;
          this.#read(workflowId)
            .then(
              (outcome) => outcome && waiter.end(outcome),
              // A read cut short by close fails once its wait has ended: nobody is left to tell.
              (error: unknown) => (isUnavailable(error) ? waiter.fail(error) : done || this.#logError(error)),
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
      const startListening = () =>
        this.listen().catch((error: unknown) => (isUnavailable(error) ? waiter.fail(error) : this.#logError(error)));
      const tick = () => {
        if (done) return;
        if (clock.now() >= deadline) return waiter.end(undefined);
        if (!this.#listening && !this.#closed) void startListening();
        waiter.check();
        // Capped at the remaining time, so Infinity and very long timeouts never overflow setTimeout.
        cancelTimer = clock.setTimer(Math.min(this.recheckDelay(), deadline - clock.now()), tick);
      };
      // Registered before the first read, so a notification sent right after that read is not missed.
      waiters.add(waiter);
      this.#pending++;
      if (!this.#listening) void startListening();
      // A source with a channel per workflow subscribes to this one; a read once it has closes the gap between.
      this.#source.watch?.(workflowId).then(
        () => done || waiter.check(),
        (error: unknown) => (isUnavailable(error) ? waiter.fail(error) : this.#logError(error)),
      );
      tick();
    });
  }

  /**
   * The time to a wait's next re-check: `recheckMs`, or longer when there are more waits than the budget of
   * re-checks a second allows, spread at random over ±25% of that time (the mean keeps the budget) so waits
   * begun together do not re-check together.
   */
  private recheckDelay(): number {
    const shared = (this.#pending / this.#rechecksPerSecond) * 1000;
    return shared <= this.#recheckMs ? this.#recheckMs : shared * (0.75 + Math.random() / 2);
  }

  /** Ends every pending wait with undefined and stops the source. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiters of [...this.#waiters.values()]) for (const waiter of [...waiters]) waiter.end(undefined);
    this.#waiters.clear();
    await this.#source.stop();
    await this.#listening?.catch(() => undefined);
  }

  private listen(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#listening ??= this.#source
      .start(
        (workflowId, outcome) => this.deliver(workflowId, outcome),
        () => (this.#listening = undefined),
      )
      .then(() => this.recheckAll())
      .catch((error: unknown) => {
        this.#listening = undefined;
        throw error;
      });
    return this.#listening;
  }

  /** Once listening (again): whatever finished while nobody listened is found now, not at the next re-check. */
  private recheckAll(): void {
    for (const waiters of this.#waiters.values()) for (const waiter of waiters) waiter.check();
  }

  private deliver(workflowId: string, outcome?: () => Outcome | undefined): void {
    const waiters = this.#waiters.get(workflowId);
    if (!waiters) return;
    const known = outcome?.();
    for (const waiter of [...waiters]) {
      if (known) waiter.end(known);
      else waiter.check();
    }
  }
}

function isUnavailable(error: unknown): boolean {
  return isCeleriacError(error) && error.code === 'UNAVAILABLE';
}
