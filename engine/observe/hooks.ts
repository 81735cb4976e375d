import type { CeleriacEvent, EventOf, EventType } from '../ports/events.js';
import type { Clock } from '../ports/clock.js';
import type { ObserveLogger } from './observe-logger.js';
import { waitAtMost } from './wait-at-most.js';

export type { EventOf } from '../ports/events.js';
export type Hook<T extends EventType = EventType> = (event: EventOf<T>) => void | Promise<void>;

/**
 * In-process hooks (`app.on`): each runs in the process where the event happened, as soon as it happened. A
 * hook that throws or rejects is logged and changes nothing else: the task, the worker and the other hooks go
 * on. Hooks are not awaited by what emits the event; `idle()` waits for those still running (at shutdown).
 */
export class Hooks {
  readonly #hooks = new Map<EventType, Set<Hook>>();
  readonly #running = new Set<Promise<void>>();

  constructor(
    private readonly logger: ObserveLogger,
    private readonly clock: Clock,
  ) {}

  /** Calls `hook` on every event of `type` from now on; returns the function that stops it. */
  on<T extends EventType>(type: T, hook: Hook<T>): () => void {
    let set = this.#hooks.get(type);
    if (!set) this.#hooks.set(type, (set = new Set()));
    const entry = hook as Hook;
    // A function given twice is two subscriptions, each with its own unsubscribe.
    const wrapped: Hook = (event) => entry(event);
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  }

  /** True when some hook listens to `type`: emitters skip building events nobody wants. */
  has(type: EventType): boolean {
    return (this.#hooks.get(type)?.size ?? 0) > 0;
  }

  /** Runs every hook of the event's type; never throws, never waits for them. */
  emit(event: CeleriacEvent): void {
    const set = this.#hooks.get(event.type);
    if (!set) return;
    for (const hook of set) {
      let result: void | Promise<void>;
      try {
        result = hook(event);
      } catch (error) {
        this.failed(event, error);
        continue;
      }
      if (result && typeof result.then === 'function') {
        const running: Promise<void> = result.then(
          () => undefined,
          (error: unknown) => this.failed(event, error),
        );
        this.#running.add(running);
        void running.finally(() => this.#running.delete(running));
      }
    }
  }

  /** Resolves once every hook still running has ended (or after `timeoutMs` on the app's clock). */
  async idle(timeoutMs = 10_000): Promise<void> {
    if (this.#running.size === 0) return;
    await waitAtMost(this.clock, timeoutMs, Promise.allSettled([...this.#running]));
  }

  private failed(event: CeleriacEvent, error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    this.logger.error({ err, event: event.type, workflowId: event.workflowId, nodeId: event.nodeId }, `A hook on ${event.type} failed: ${err.message}`);
  }
}
