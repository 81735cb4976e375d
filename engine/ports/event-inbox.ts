import type { CeleriacEvent } from './events.js';

/**
 * What an event reading has received and its reader not yet taken: a bounded queue with one waiting reader.
 * A reader slower than the stream loses the oldest events beyond `capacity` rather than growing without bound
 * (the stream itself keeps a bounded number too); `dropped` counts them. Shared by the event stream adapters.
 */
export class EventInbox implements AsyncIterator<CeleriacEvent> {
  readonly #queue: CeleriacEvent[] = [];
  #waiting: ((result: IteratorResult<CeleriacEvent>) => void) | undefined;
  #closed = false;
  dropped = 0;

  constructor(
    private readonly capacity = 10_000,
    /** Called once when the reader ends (return(), or close()). */
    private readonly onEnd: () => void = () => undefined,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  push(event: CeleriacEvent): void {
    if (this.#closed) return;
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting({ value: event, done: false });
      return;
    }
    this.#queue.push(event);
    if (this.#queue.length > this.capacity) {
      this.#queue.shift();
      this.dropped++;
    }
  }

  next(): Promise<IteratorResult<CeleriacEvent>> {
    const event = this.#queue.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  /** Ends the reading: events already received are still handed out, then the iteration is done. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.({ value: undefined, done: true });
    this.onEnd();
  }

  /** `break` out of a `for await`: ends at once, dropping what was not read. */
  return(): Promise<IteratorResult<CeleriacEvent>> {
    this.#queue.length = 0;
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }
}
