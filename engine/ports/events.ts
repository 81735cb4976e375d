import type { Json } from '../../canvas/json.js';

/** Every event type, with Celery's names. */
export const eventTypes = [
  'task-sent',
  'task-received',
  'task-started',
  'task-succeeded',
  'task-failed',
  'task-retried',
  'task-revoked',
  'workflow-started',
  'workflow-succeeded',
  'workflow-failed',
  'workflow-revoked',
  'worker-online',
  'worker-heartbeat',
  'worker-offline',
] as const;

export type EventType = (typeof eventTypes)[number];

/** A failure as an event carries it: `type` is the thrown error's name (`TypeError`, `TimeLimitExceeded`...). */
export interface EventError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
}

/**
 * One thing that happened, as plain JSON. Which fields are set depends on the type: task events carry the
 * workflow, node, task name and attempt; worker events the worker's id, host and pid; `task-succeeded` and
 * `task-failed` the handler's `runtimeMs`; `task-failed` and `task-retried` the `error`; `task-retried` the
 * `retryInMs` before the next attempt; `task-started` the `queueWaitMs` since the task could start (its message
 * was sent, or its delay ended). `args` and `result` are only there when the app was created with
 * `events: { includeArgs: true }` (they can be large or secret).
 */
export interface CeleriacEvent {
  readonly type: EventType;
  /** Epoch ms. */
  readonly at: number;
  readonly workflowId?: string;
  readonly nodeId?: string;
  /** The canvas node (chain, group, chord) this node belongs to, if any. */
  readonly parentId?: string;
  readonly taskName?: string;
  readonly attempt?: number;
  readonly workerId?: string;
  readonly hostname?: string;
  readonly pid?: number;
  readonly runtimeMs?: number;
  readonly error?: EventError;
  readonly retryInMs?: number;
  readonly queueWaitMs?: number;
  readonly args?: readonly Json[];
  readonly result?: Json;
}

/** An event of one type, as a hook for that type receives it. */
export type EventOf<T extends EventType> = CeleriacEvent & { readonly type: T };

/** Which events a reader wants: any of `types` (all when absent), of one workflow (any when absent). */
export interface EventFilter {
  readonly types?: readonly EventType[];
  readonly workflowId?: string;
}

export interface ReadEventsOptions extends EventFilter {
  /** Ends the iteration (and releases its connection) when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * A live reading of the stream. `ready` resolves once the reading is in place: every event published after
 * that is delivered to it, in the order it was published from one process.
 */
export interface EventSubscription extends AsyncIterable<CeleriacEvent> {
  readonly ready: Promise<void>;
}

/**
 * The cluster-wide event stream: every process sharing the app's broker publishes into it and any may read it.
 *
 * Does not promise: durability (a process that dies loses the events it had not yet written, and the stream
 * keeps a bounded number of the most recent ones), order between events published by different processes,
 * or events published before a reading began. Delivery to a live reading is at most once per reading.
 */
export interface EventStream {
  /** Resolves once the events are written to the stream (writes from one process are batched). */
  publish(events: readonly CeleriacEvent[]): Promise<void>;
  /** A live reading of the events that match `options`, from now on. */
  read(options?: ReadEventsOptions): EventSubscription;
  /** Ends every reading and closes connections; events still waiting to be written are written first. */
  close(): Promise<void>;
}

/** True when `event` passes `filter`. */
export function matchesFilter(event: CeleriacEvent, filter: EventFilter): boolean {
  if (filter.workflowId !== undefined && event.workflowId !== filter.workflowId) return false;
  return filter.types === undefined || filter.types.includes(event.type);
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (eventTypes as readonly string[]).includes(value);
}
