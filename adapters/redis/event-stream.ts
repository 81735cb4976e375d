import type { RedisClient } from './options.js';
import { EventInbox } from '../../engine/ports/event-inbox.js';
import { matchesFilter, type CeleriacEvent, type EventStream, type EventSubscription, type ReadEventsOptions } from '../../engine/ports/events.js';
import { silentLogger, type Logger } from '../../engine/ports/index.js';
import { logOnce } from '../support/log-once.js';
import type { Connect, Connection } from './connection.js';
import { eventsKey } from './keys.js';

export interface RedisEventStreamOptions {
  /** Opens a connection: one to write, and one per reading (a blocking XREAD holds its connection). */
  readonly connect: Connect;
  readonly prefix: string;
  /** About how many entries the stream keeps (`XADD ... MAXLEN ~`); an entry holds one batch of events. @default 10000 */
  readonly maxEntries?: number;
  /** How long events wait to be written together in one entry. @default 10 */
  readonly flushMs?: number;
  /** How many events wait at most while Redis is unreachable; older ones are dropped beyond it. @default 10000 */
  readonly maxBuffered?: number;
  /** Where write failures are reported, each distinct one once. @default silentLogger */
  readonly logger?: Logger;
}

interface Waiting {
  readonly events: readonly CeleriacEvent[];
  readonly written: () => void;
}

/** A reading that has ended before it began (its signal had aborted). */
const ended: EventSubscription = {
  ready: Promise.resolve(),
  [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ value: undefined, done: true }) }),
};

/** Events per stream entry at most, so one entry stays small to read. */
const batchSize = 500;

/**
 * The event stream on Redis: one stream per app prefix (`<prefix>:events`), trimmed to about `maxEntries`
 * entries. A process batches what it publishes for `flushMs` and writes the batch as one entry (one XADD, so
 * events cost one command per batch, not per event); readings block on XREAD from the last entry they saw.
 *
 * Across a disconnect: events published while Redis is unreachable wait (up to `maxBuffered`) and are written
 * once it is back; a reading resumes from the last entry it saw, so it loses nothing that Redis kept. A batch
 * whose XADD was in flight as the connection dropped may be written twice (ioredis resends it).
 */
export class RedisEventStream implements EventStream {
  readonly #options: Required<Omit<RedisEventStreamOptions, 'connect' | 'prefix' | 'logger'>> & Pick<RedisEventStreamOptions, 'connect'>;
  readonly #key: string;
  readonly #readings = new Set<Reading>();
  readonly #log: (error: unknown) => void;
  #writer: Connection | undefined;
  #waiting: Waiting[] = [];
  #buffered = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Flushes whose XADDs are in flight (several at once in a burst: see publish), with what each carries. */
  readonly #flushing = new Map<Promise<void>, readonly Waiting[]>();
  #closed = false;

  constructor(options: RedisEventStreamOptions) {
    const { logger, ...rest } = options;
    this.#options = { maxEntries: 10_000, flushMs: 10, maxBuffered: 10_000, ...rest };
    this.#key = eventsKey(options.prefix);
    this.#log = logOnce(logger ?? silentLogger, 'events');
  }

  publish(events: readonly CeleriacEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    if (this.#closed) return Promise.reject(new Error('The event stream is closed'));
    return new Promise((written) => {
      this.#waiting.push({ events, written });
      this.#buffered += events.length;
      // A burst (an apply of a chord of 100,000 sends as many events at once) goes out now, not dropped:
      // `maxBuffered` bounds what waits while Redis is away, not what a reachable Redis is sent.
      if (this.#buffered >= this.#options.maxBuffered && this.#writer?.redis.status === 'ready') void this.flush();
      this.dropBeyondLimit();
      this.scheduleFlush();
    });
  }

  read(options: ReadEventsOptions = {}): EventSubscription {
    if (options.signal?.aborted) return ended;
    const reading = new Reading(this.#options.connect({ redis: { maxRetriesPerRequest: null } }).redis, this.#key, options, () => this.#readings.delete(reading));
    this.#readings.add(reading);
    reading.start();
    return reading;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#waiting.length > 0 && this.#writer?.redis.status === 'ready') await this.flush();
    if (this.#writer?.redis.status === 'ready') await Promise.all(this.#flushing.keys());
    else {
      // A batch sent before Redis went away waits for it without limit (the writer retries for ever, so that
      // events survive a restart): closing does not wait for it, and its publishers are released as below.
      for (const taken of this.#flushing.values()) {
        this.#waiting.unshift(...taken);
        this.#buffered += taken.reduce((count, waiting) => count + waiting.events.length, 0);
      }
      this.#flushing.clear();
    }
    // Nothing will write what is left (Redis is away): its publishers are released rather than left waiting.
    if (this.#waiting.length > 0) this.#log(`closing with ${this.#buffered} events not written: Redis is unreachable`);
    for (const waiting of this.#waiting.splice(0)) waiting.written();
    for (const reading of [...this.#readings]) reading.end();
    await this.#writer?.close();
    this.#writer = undefined;
  }

  /** The connection was lost (or never made) and is being retried: what waits may wait long. */
  private away(): boolean {
    const status = this.writer().redis.status;
    return status === 'reconnecting' || status === 'close' || status === 'end';
  }

  private writer(): Connection {
    if (!this.#writer) {
      this.#writer = this.#options.connect({ redis: { maxRetriesPerRequest: null } });
      this.#writer.redis.on('error', this.#log);
      // Whatever waited while Redis was away goes out as soon as it is back.
      this.#writer.redis.on('ready', () => this.scheduleFlush());
    }
    return this.#writer;
  }

  private scheduleFlush(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#options.flushMs);
  }

  /**
   * Writes what waits, one entry per batch, in one pipeline; what fails to go out waits for the next try.
   * Flushes may overlap (their XADDs leave in order on the one connection).
   */
  private flush(): Promise<void> {
    const redis = this.writer().redis;
    if (redis.status !== 'ready' || this.#waiting.length === 0) {
      if (redis.status === 'wait') redis.connect().catch(() => undefined);
      return Promise.resolve();
    }
    const taken = this.#waiting;
    this.#waiting = [];
    this.#buffered = 0;
    const events = taken.flatMap((waiting) => waiting.events);
    const pipeline = redis.pipeline();
    for (let i = 0; i < events.length; i += batchSize) {
      pipeline.xadd(this.#key, 'MAXLEN', '~', this.#options.maxEntries, '*', 'events', JSON.stringify(events.slice(i, i + batchSize)));
    }
    const flushing: Promise<void> = pipeline
      .exec()
      .then((results) => {
        const failed = results?.find(([error]) => error)?.[0];
        if (failed) throw failed;
        for (const waiting of taken) waiting.written();
      })
      .catch((error: unknown) => {
        this.#log(error);
        // Put back in front of anything published since, then try again when the connection is ready.
        this.#waiting = [...taken, ...this.#waiting];
        this.#buffered += events.length;
        this.dropBeyondLimit();
        if (!this.#closed) setTimeout(() => this.scheduleFlush(), 200).unref();
      })
      .finally(() => this.#flushing.delete(flushing));
    this.#flushing.set(flushing, taken);
    return flushing;
  }

  /**
   * While Redis is away, beyond `maxBuffered` waiting events the oldest are dropped (their publishers resolve:
   * nothing will come). While it is there, what waits is on its way (see publish).
   */
  private dropBeyondLimit(): void {
    if (!this.away()) return;
    while (this.#buffered > this.#options.maxBuffered && this.#waiting.length > 1) {
      const dropped = this.#waiting.shift()!;
      this.#buffered -= dropped.events.length;
      this.#log(`dropping events: more than ${this.#options.maxBuffered} waited for Redis`);
      dropped.written();
    }
  }
}

/** One reading: its own connection blocking on XREAD, from the stream's last entry when it began. */
class Reading implements EventSubscription {
  readonly ready: Promise<void>;
  readonly #inbox: EventInbox;
  #ended = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly options: ReadEventsOptions,
    private readonly onEnd: () => void,
  ) {
    this.#inbox = new EventInbox(10_000, () => this.end());
    redis.on('error', () => undefined); // the loop below sees failures as rejected commands
    this.ready = new Promise((resolve) => (this.#started = resolve));
  }

  #started: () => void = () => undefined;

  start(): void {
    this.options.signal?.addEventListener('abort', () => this.end(), { once: true });
    void this.loop(this.#started);
  }

  [Symbol.asyncIterator](): AsyncIterator<CeleriacEvent> {
    return this.#inbox;
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#started();
    this.#inbox.close();
    this.redis.disconnect();
    this.onEnd();
  }

  private async loop(started: () => void): Promise<void> {
    let lastId: string | undefined;
    while (!this.#ended) {
      try {
        if (lastId === undefined) {
          // Where the reading begins: after the stream's newest entry now (XREAD's `$` would move on every call).
          const [newest] = await this.redis.xrevrange(this.key, '+', '-', 'COUNT', 1);
          lastId = newest?.[0] ?? '0-0';
          started();
          continue;
        }
        const reply = await this.redis.xread('COUNT', 100, 'BLOCK', 5000, 'STREAMS', this.key, lastId);
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            lastId = id;
            for (const event of decode(fields)) if (matchesFilter(event, this.options)) this.#inbox.push(event);
          }
        }
      } catch {
        // The connection dropped (or was closed by end()): ioredis reconnects; read again from lastId.
        if (!this.#ended) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

/** The events of one entry (`events` → a JSON array); an entry that does not read is skipped. */
function decode(fields: readonly string[]): CeleriacEvent[] {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== 'events') continue;
    try {
      const parsed = JSON.parse(fields[i + 1]!) as unknown;
      return Array.isArray(parsed) ? (parsed as CeleriacEvent[]) : [];
    } catch {
      return [];
    }
  }
  return [];
}
