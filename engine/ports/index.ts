/**
 * The ports: everything the engine needs from the outside world, and everything an adapter implements or uses
 * from the engine. Adapters import from here (and canvas types), never from the rest of the engine.
 */
import type { Broker } from './broker.js';
import type { Clock } from './clock.js';
import type { IdGenerator } from './ids.js';
import type { Logger } from './logger.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ResultStore } from './result-store.js';
import type { Scheduler } from './scheduler.js';
import type { TaskCatalog } from './task-catalog.js';

export type { Broker, Consumer, ConsumeOptions, Delivery, DeliveryEnd, DeliveryHandler, EnqueueRequest, TaskMessage, TriggerMessage } from './broker.js';
export { isTrigger } from './broker.js';
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export type { IdGenerator } from './ids.js';
export { randomIds } from './ids.js';
export type { LogFn, Logger } from './logger.js';
export { silentLogger } from './logger.js';
export type { FailureData, Outcome, TaskState } from './outcome.js';
export { TaskStates } from './outcome.js';
export type { RateLimit, RateLimiter } from './rate-limiter.js';
export type { CatalogEntry, PublishedTask, TaskCatalog } from './task-catalog.js';
export type { BeginResult, CommitResult, JoinSlot, NodeRecord, RecoverableStore, ResultStore, RevokeResult, WorkflowRecord } from './result-store.js';
export { isRecoverable } from './result-store.js';
export type { ScheduleSpec, Scheduler } from './scheduler.js';
export { nextFiring } from './next-firing.js';

/**
 * What an App runs on. An adapter provides the store, the broker, the rate limiter and (if its substrate has
 * them) the scheduler; the composition root (`createApp`) adds the clock, ids and logger.
 */
export interface Ports {
  readonly store: ResultStore;
  readonly broker: Broker;
  /** Absent when the broker has no schedulers: `app.schedule()` then fails with a clear error. */
  readonly scheduler?: Scheduler;
  readonly rateLimiter: RateLimiter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  /** Where workers publish the tasks they registered; without it, producers use only their own registrations. */
  readonly catalog?: TaskCatalog;
}
