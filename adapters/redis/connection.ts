import type { Redis, RedisOptions } from 'ioredis';
import { CeleriacError } from '../../canvas/errors.js';
import type { RedisSource } from './options.js';

/** Opens a new connection to the adapter's Redis; `overrides` win over the configured options. */
export type Connect = (overrides?: RedisOptions) => Connection;

/** @param connectTimeoutMs how long a command waits for its connection to become ready before it fails */
export function connector(source: RedisSource, connectTimeoutMs: number): Connect {
  return (overrides) => new Connection(source.open(overrides), source.name, connectTimeoutMs);
}

interface InFlight {
  timer?: ReturnType<typeof setTimeout>;
  /** The connection dropped: start counting. */
  readonly lost: () => void;
  /** It is ready again: ioredis resent the command. */
  readonly back: () => void;
}

function isRetriesError(error: unknown): boolean {
  return error instanceof Error && error.name === 'MaxRetriesPerRequestError';
}

interface Pending {
  readonly resolve: () => void;
  /** `reason` says why, given how long the command waited. */
  readonly fail: (reason: (waitedMs: number) => string) => void;
}

const sent = Promise.resolve();

/**
 * An ioredis connection with a gate: a command sent through `run` waits until the connection is ready, for at
 * most `timeoutMs`, then fails with `UNAVAILABLE`. ioredis alone would queue it offline and retry for ever
 * (with BullMQ's `maxRetriesPerRequest: null`), so a producer facing a dead Redis or a wrong URL would hang.
 * The command reaches ioredis only once the connection is ready, so one that failed here is never sent later;
 * one already sent when the connection drops is ioredis's to resend on reconnect, as before.
 */
export class Connection {
  readonly #pending = new Set<Pending>();
  readonly #inFlight = new Set<InFlight>();
  #lastError: string | undefined;
  #closed = false;

  constructor(
    /** For commands that need no gate (a BullMQ worker's, which retry for ever) and for listeners. */
    readonly redis: Redis,
    /** Names the Redis in errors, password already masked. */
    private readonly name: string,
    private readonly timeoutMs: number,
  ) {
    redis.on('error', (error: unknown) => (this.#lastError = error instanceof Error ? error.message : String(error)));
    redis.on('ready', () => {
      this.#lastError = undefined;
      for (const pending of [...this.#pending]) pending.resolve();
      for (const flight of this.#inFlight) flight.back();
    });
    redis.on('close', () => {
      for (const flight of this.#inFlight) flight.lost();
    });
    redis.on('end', () => this.failPending());
  }

  /**
   * Sends at once when the connection is ready (the common case costs nothing), else once it is. A reply still
   * due when the connection drops is waited for at most `timeoutMs` more: ioredis resends the command if Redis
   * comes back in time, else the call fails with `UNAVAILABLE` (the command may or may not have run).
   */
  run<T>(what: string, send: () => Promise<T>): Promise<T> {
    if (this.redis.status === 'ready') return this.bounded(what, send);
    return this.ready(what).then(() => this.bounded(what, send));
  }

  private bounded<T>(what: string, send: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const flight: InFlight = {
        lost: () => {
          if (flight.timer) return;
          const started = Date.now();
          flight.timer = setTimeout(() => {
            this.#inFlight.delete(flight);
            reject(this.unavailable(what, `the connection was lost with the reply still due, and not back after ${Date.now() - started} ms (\`connectTimeoutMs\`)`));
          }, this.timeoutMs);
        },
        back: () => {
          clearTimeout(flight.timer);
          flight.timer = undefined;
        },
      };
      const settle = () => {
        clearTimeout(flight.timer);
        this.#inFlight.delete(flight);
      };
      this.#inFlight.add(flight);
      if (this.redis.status !== 'ready') flight.lost();
      send().then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          // ioredis gives up on a command after `maxRetriesPerRequest` reconnections, with an error of its own.
          reject(isRetriesError(error) ? this.unavailable(what, 'the connection was lost with the reply still due') : error);
        },
      );
    });
  }

  /** Resolves when the connection is ready; rejects with `UNAVAILABLE` after `timeoutMs` or when it is closed first. */
  ready(what: string): Promise<void> {
    const status = this.redis.status;
    if (status === 'ready') return sent;
    // Once closed, ioredis may stay 'reconnecting' with nothing left to reconnect it (see close), so never wait.
    if (this.#closed || status === 'end') return Promise.reject(this.unavailable(what, 'the connection was closed'));
    if (status === 'wait') this.redis.connect().catch(() => undefined);
    const { timeoutMs } = this;
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.#pending.delete(pending);
      };
      const pending: Pending = {
        resolve: () => {
          settle();
          resolve();
        },
        fail: (reason) => {
          settle();
          reject(this.unavailable(what, reason(Date.now() - started)));
        },
      };
      const timer = setTimeout(() => pending.fail(() => `no connection after waiting ${timeoutMs} ms (\`connectTimeoutMs\`)`), timeoutMs);
      this.#pending.add(pending);
    });
  }

  /**
   * Closes the connection: quits when it is ready, so that replies still due arrive, else disconnects at once
   * (QUIT would wait for a Redis that may never come back). Commands still waiting fail now.
   */
  async close(): Promise<void> {
    const redis = this.redis;
    this.#closed = true;
    // ioredis emits no 'end' when disconnected between two reconnection attempts, so waiters are failed here.
    this.failPending();
    if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
    else redis.disconnect();
  }

  private failPending(): void {
    for (const pending of [...this.#pending]) pending.fail((ms) => `the connection was closed after ${ms} ms of waiting, before it was ready`);
  }

  private unavailable(what: string, reason: string): CeleriacError {
    const last = this.#lastError === undefined ? '' : `; last error: ${this.#lastError}`;
    return new CeleriacError(
      'UNAVAILABLE',
      `Could not ${what}: Redis at ${this.name} is unreachable, ${reason}${last}. Is redis-server running? Check REDIS_URL.`,
    );
  }
}

/** `redis://user:secret@host` → `redis://user:***@host`, so that errors and logs never show a password. */
export function maskPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@').replace(/([?&]password=)[^&]*/i, '$1***');
}
