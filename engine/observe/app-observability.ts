import type { EventStream } from '../ports/events.js';
import type { QueueInspector } from '../ports/queue-inspector.js';
import type { WorkerRegistry } from '../ports/worker-registry.js';
import type { ObserveLogger } from './observe-logger.js';
import type { Reporter } from '../ports/reporter.js';

/** What the composition root gives an App to show what runs; each part optional (an App built directly on ports has none). */
export interface AppObservability {
  /** The cluster event stream; absent with `events: false`. */
  readonly stream?: EventStream;
  readonly registry?: WorkerRegistry;
  /** @default the broker, if it can be inspected */
  readonly inspector?: QueueInspector;
  readonly logger?: ObserveLogger;
  readonly includeArgs?: boolean;
  readonly reporters?: readonly Reporter[];
  /** The registry is in this process (memory driver): no heartbeat timer. */
  readonly localRegistry?: boolean;
}
