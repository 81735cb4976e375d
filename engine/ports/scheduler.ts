import type { Json } from '../../canvas/json.js';

/** When a schedule fires: every `every` ms, or on a cron pattern (5 or 6 fields) in time zone `tz`. */
export type ScheduleSpec = { readonly every: number } | { readonly cron: string; readonly tz?: string };

/**
 * Periodic firings: each firing of a schedule delivers a trigger (a `TriggerMessage`) through the task queue's
 * consumers. Separate from the Broker so that a queue without schedulers can still carry tasks.
 *
 * Does not promise: firings while no worker consumes the queue (missed firings are not all delivered), or
 * exactly one delivery per firing (the engine starts each firing's workflow once by its id).
 */
export interface Scheduler {
  /** Creates or replaces the schedule `id`: from now on, each firing delivers a trigger carrying `document` on `queue`. */
  upsertSchedule(id: string, spec: ScheduleSpec, queue: string, document: Json): Promise<void>;
  /** Removes the schedule; true if it existed. */
  removeSchedule(id: string, queue: string): Promise<boolean>;
}
