import { EventInbox } from '../../engine/ports/event-inbox.js';
import { matchesFilter, type CeleriacEvent, type EventStream, type EventSubscription, type ReadEventsOptions } from '../../engine/ports/events.js';

/**
 * The event stream in process memory: an emitter that hands each published event to every live reading whose
 * filter it passes. It reaches this process only, as the memory driver's tasks do.
 */
export class MemoryEventStream implements EventStream {
  readonly #readings = new Set<{ readonly inbox: EventInbox; readonly options: ReadEventsOptions }>();

  async publish(events: readonly CeleriacEvent[]): Promise<void> {
    for (const event of events) {
      // A copy per reading, through JSON as the Redis stream would: readers never share or change the publisher's object.
      const text = JSON.stringify(event);
      for (const { inbox, options } of this.#readings) if (matchesFilter(event, options)) inbox.push(JSON.parse(text) as CeleriacEvent);
    }
  }

  read(options: ReadEventsOptions = {}): EventSubscription {
    const reading = { inbox: new EventInbox(10_000, () => this.#readings.delete(reading)), options };
    const { signal } = options;
    if (signal?.aborted) reading.inbox.close();
    else {
      this.#readings.add(reading);
      signal?.addEventListener('abort', () => reading.inbox.close(), { once: true });
    }
    return { ready: Promise.resolve(), [Symbol.asyncIterator]: () => reading.inbox };
  }

  async close(): Promise<void> {
    for (const { inbox } of [...this.#readings]) inbox.close();
  }
}
