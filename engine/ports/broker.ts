import type { Json } from '../../canvas/json.js';

/** What travels to a worker: ids and the input value, never the rest of the workflow, so size stays linear. */
export interface TaskMessage {
  readonly workflowId: string;
  readonly nodeId: string;
  /** The node's task name, for people reading the broker (BullMQ names the job after it); workers read the plan. */
  readonly task?: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The parent's result (or a join's parts, or a failure description for an errback); absent for a node with no input. */
  readonly input?: Json;
  /** How many times a rate limit postponed this attempt; part of the job id so each postponement is a new job. */
  readonly postponed?: number;
  /** Which run of the workflow sent it: 1 (left out) for the first, one more per `app.retry()`. */
  readonly run?: number;
  /** Epoch ms from which the task may start (sent, plus its delay): how long it then waited is its queue wait. */
  readonly readyAt?: number;
  /**
   * W3C `traceparent` of the span the attempt's span is a child of (its chain, group or chord's, or the
   * workflow's), when the workflow is traced; the broker carries it as it is.
   */
  readonly traceparent?: string;
  /** Set by the broker on delivery: how many times this job came back because the worker running it died or stalled. */
  readonly stalls?: number;
}

/** What a schedule delivers each time it fires: the workflow document to apply, and when it fired. */
export interface TriggerMessage {
  readonly schedule: string;
  /** Epoch ms of this firing; with the schedule id it names the workflow, so a duplicate delivery starts nothing new. */
  readonly firedAt: number;
  readonly document: Json;
}

/** A delivery is a task message or a schedule's trigger. */
export type Delivery = TaskMessage | TriggerMessage;

export function isTrigger(delivery: Delivery): delivery is TriggerMessage {
  return typeof (delivery as TriggerMessage).schedule === 'string';
}

export interface EnqueueRequest {
  /** Deterministic: enqueueing the same id twice while the first is still known to the broker is a no-op. */
  readonly jobId: string;
  readonly queue: string;
  /** Milliseconds before the job may start. */
  readonly delay: number;
  readonly priority: number | null;
  readonly message: TaskMessage;
}

/**
 * How a delivered task message was handled, for brokers that show it in their own terms (BullMQ's completed
 * and failed jobs, their return value). `FAILURE`: the task ran in this delivery and failed for good, its
 * FAILURE already committed; the broker records the delivery as failed without delivering it again.
 */
export interface DeliveryEnd {
  /**
   * `SUCCESS`, `FAILURE` or `REVOKED` as the attempt ended here; `RETRY` when it failed and its next attempt
   * was sent (another job); `REPLACED` when a canvas replaces it; `POSTPONED` by a rate limit (another job);
   * `SETTLED` when the node had already ended (a redelivery), with `outcome` what it ended as; `DROPPED` for a
   * message of no known workflow.
   */
  readonly state: 'SUCCESS' | 'FAILURE' | 'REVOKED' | 'RETRY' | 'REPLACED' | 'POSTPONED' | 'SETTLED' | 'DROPPED';
  readonly task?: string;
  readonly outcome?: 'SUCCESS' | 'FAILURE' | 'REVOKED';
  readonly retryInMs?: number;
  readonly error?: { readonly type: string; readonly message: string; readonly stack?: string };
}

/** What a consumer calls for each delivery: resolving acknowledges it, throwing has it delivered again. */
export type DeliveryHandler = (delivery: Delivery, signal: AbortSignal) => Promise<DeliveryEnd | void>;

export interface Consumer {
  /** Stops taking new jobs and waits for running ones to finish. */
  close(): Promise<void>;
}

export interface ConsumeOptions {
  readonly queues: readonly string[];
  /** Jobs run at once per queue. */
  readonly concurrency: number;
}

/**
 * The task queue: moves task messages (and schedule triggers, see Scheduler) to workers; delays and priorities
 * are the queue's. This is all a broker on another substrate (RabbitMQ, SQS...) has to implement. At-least-once: a message may be delivered more than once (a crash, an
 * expired lock), so handlers must be idempotent; the engine is. A handler that throws is an infrastructure
 * failure (for example the store was unreachable): the broker delivers the message again later.
 *
 * Does not promise: order between jobs, exactly-once delivery, or deduplication of a job id once the job
 * has been removed from the broker's own records.
 */
export interface Broker {
  enqueue(jobs: readonly EnqueueRequest[]): Promise<void>;
  /**
   * Calls `handler` for each delivery; a delivery is acknowledged when the handler resolves, delivered again
   * when it throws. Its `signal` is aborted when `cancelWorkflow` names the delivery's workflow while the
   * handler runs; the handler still decides how to end. What the handler resolves with (a `DeliveryEnd`) is
   * the broker's to show; a `FAILURE` end is acknowledged too, never delivered again.
   */
  consume(options: ConsumeOptions, handler: DeliveryHandler): Consumer;
  /**
   * Aborts the signal of every delivery of `workflowId` being handled now, by any consumer of this broker in any
   * process sharing it (Redis: a broadcast that each process turns into BullMQ's `worker.cancelJob`), within
   * about a second. Does not promise to reach deliveries that begin after the call, nor consumers that cannot
   * hear the broadcast (disconnected): callers first mark the workflow revoked in the store, which stops those.
   */
  cancelWorkflow(workflowId: string): Promise<void>;
  /**
   * Drops every task message waiting or delayed on `queue` and returns them, so the caller can end their
   * workflows. Does not touch tasks already running, nor schedule firings (a schedule keeps firing).
   * Does not promise to catch a message enqueued while it runs: it is either dropped or left to run.
   */
  purge(queue: string): Promise<TaskMessage[]>;
  /** No worker of any process takes tasks from `queue` until `resume`; running tasks finish. Enqueueing still works. */
  pause(queue: string): Promise<void>;
  resume(queue: string): Promise<void>;
  isPaused(queue: string): Promise<boolean>;
  /** At most `limit.max` task starts per `limit.perMs` on `queue`, across every worker; `null` lifts it. */
  setQueueRateLimit(queue: string, limit: { readonly max: number; readonly perMs: number } | null): Promise<void>;
  close(): Promise<void>;
}
