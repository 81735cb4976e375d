import type { Json } from '../../canvas/json.js';
import type { Broker, Clock, ConsumeOptions, Consumer, Delivery, DeliveryHandler, EnqueueRequest, Logger, Scheduler, ScheduleSpec, TaskMessage, TriggerMessage } from '../../engine/ports/index.js';
import { isTrigger, nextFiring, silentLogger } from '../../engine/ports/index.js';
import type { DelayedTask, QueueInfo, QueueInspector, ScheduleInfo } from '../../engine/ports/queue-inspector.js';

interface Job {
  readonly id: string;
  readonly queue: string;
  readonly priority: number;
  readonly seq: number;
  readonly data: string;
  failures: number;
}

interface Subscription {
  readonly options: ConsumeOptions;
  readonly handler: DeliveryHandler;
  readonly active: Map<string, number>;
  readonly running: Set<Promise<void>>;
  closed: boolean;
}

/** A delivery being handled: its workflow, and how to abort its signal. */
interface Held {
  readonly workflowId: string | undefined;
  readonly abort: AbortController;
}

/** Infrastructure errors (a handler that threw) are redelivered up to this many times, as BullMQ's attempts would. */
const maxRedeliveries = 20;

/** How long a finished job's id is still known (a second enqueue of it is a no-op), as the Redis broker keeps completed jobs. */
const keepFinishedMs = 3_600_000;

/**
 * The broker in process memory: queues with delays and priorities (unset first, then lowest number, then
 * first in), per-queue concurrency, pause, purge and a rate limit per queue, cancellation of a workflow's
 * running deliveries, and redelivery of messages whose handler threw. Job ids are remembered
 * for an hour after the job finished (as the Redis broker keeps completed jobs), so enqueueing the same id
 * twice while it is known delivers once.
 */
export class MemoryBroker implements Broker, Scheduler, QueueInspector {
  /** Job ids still known, with when the job finished (undefined while it waits or runs). */
  readonly #known = new Map<string, number | undefined>();
  #sincePrune = 0;
  readonly #ready = new Map<string, Job[]>();
  readonly #subscriptions = new Set<Subscription>();
  readonly #timers = new Set<() => void>();
  /** Jobs waiting out a delay, with when they may start (for inspection) and what cancels their timer (for purge). */
  readonly #delayed = new Map<Job, { readonly runAt: number; readonly cancel: () => void }>();
  readonly #held = new Set<Held>();
  readonly #paused = new Set<string>();
  /** Per queue: its limit and the start times within the current window. */
  readonly #limits = new Map<string, { readonly max: number; readonly perMs: number; starts: number[] }>();
  #limitTimer: (() => void) | undefined;
  /** Each schedule's way to cancel its next firing. */
  readonly #schedules = new Map<string, () => void>();
  /** What each schedule is, with its next firing, for inspection. */
  readonly #scheduleInfo = new Map<string, ScheduleInfo>();
  #seq = 0;
  #pumpScheduled = false;
  #closed = false;
  #warnedUnconsumed = false;

  constructor(
    private readonly clock: Clock,
    /** Where a job given up on, and a producer without a worker, are reported. @default silentLogger */
    private readonly logger: Logger = silentLogger,
  ) {}

  async enqueue(jobs: readonly EnqueueRequest[]): Promise<void> {
    if (this.#closed) throw new Error('The memory broker is closed');
    this.warnIfUnconsumed(jobs);
    this.pruneFinished(jobs.length);
    for (const request of jobs) {
      if (this.#known.has(request.jobId)) continue;
      this.#known.set(request.jobId, undefined);
      const job: Job = { id: request.jobId, queue: request.queue, priority: request.priority ?? 0, seq: this.#seq++, data: JSON.stringify(request.message), failures: 0 };
      this.later(request.delay, job);
    }
  }

  async upsertSchedule(id: string, spec: ScheduleSpec, queue: string, document: Json): Promise<void> {
    if (this.#closed) throw new Error('The memory broker is closed');
    this.#schedules.get(id)?.();
    const arm = (after: number) => {
      const firedAt = nextFiring(spec, after);
      this.#scheduleInfo.set(id, { id, queue, next: firedAt, ...spec });
      const cancel = this.clock.setTimer(firedAt - this.clock.now(), () => {
        this.#timers.delete(cancel);
        const trigger: TriggerMessage = { schedule: id, firedAt, document };
        const jobId = `${id}@${firedAt}`;
        if (!this.#known.has(jobId)) {
          this.#known.set(jobId, undefined);
          this.makeReady({ id: jobId, queue, priority: 0, seq: this.#seq++, data: JSON.stringify(trigger), failures: 0 });
        }
        arm(firedAt);
      });
      this.#timers.add(cancel);
      this.#schedules.set(id, () => {
        cancel();
        this.#timers.delete(cancel);
      });
    };
    arm(this.clock.now());
  }

  async removeSchedule(id: string): Promise<boolean> {
    const cancel = this.#schedules.get(id);
    cancel?.();
    this.#scheduleInfo.delete(id);
    return this.#schedules.delete(id);
  }

  async cancelWorkflow(workflowId: string): Promise<void> {
    for (const held of this.#held) if (held.workflowId === workflowId) held.abort.abort(new Error(`workflow ${workflowId} was revoked`));
  }

  async purge(queue: string): Promise<TaskMessage[]> {
    const dropped: Job[] = [];
    const ready = this.#ready.get(queue) ?? [];
    this.#ready.set(queue, ready.filter((job) => (isTask(job) ? (dropped.push(job), false) : true)));
    for (const [job, { cancel }] of this.#delayed) {
      if (job.queue !== queue || !isTask(job)) continue;
      cancel();
      this.#delayed.delete(job);
      dropped.push(job);
    }
    for (const job of dropped) this.#known.set(job.id, this.clock.now());
    return dropped.map((job) => JSON.parse(job.data) as TaskMessage);
  }

  async pause(queue: string): Promise<void> {
    this.#paused.add(queue);
  }

  async resume(queue: string): Promise<void> {
    this.#paused.delete(queue);
    this.schedulePump();
  }

  async isPaused(queue: string): Promise<boolean> {
    return this.#paused.has(queue);
  }

  async setQueueRateLimit(queue: string, limit: { readonly max: number; readonly perMs: number } | null): Promise<void> {
    if (limit === null) this.#limits.delete(queue);
    else this.#limits.set(queue, { max: limit.max, perMs: limit.perMs, starts: [] });
    this.schedulePump();
  }

  consume(options: ConsumeOptions, handler: DeliveryHandler): Consumer {
    const subscription: Subscription = { options, handler, active: new Map(), running: new Set(), closed: false };
    this.#subscriptions.add(subscription);
    this.schedulePump();
    return {
      close: async () => {
        subscription.closed = true;
        this.#subscriptions.delete(subscription);
        await Promise.allSettled([...subscription.running]);
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const cancel of this.#timers) cancel();
    this.#timers.clear();
    this.#delayed.clear();
    await Promise.allSettled([...this.#subscriptions].flatMap((s) => [...s.running]));
  }

  /** How many jobs wait to be taken, over all queues (for tests). */
  pendingCount(): number {
    let count = 0;
    for (const list of this.#ready.values()) count += list.length;
    return count + this.#timers.size;
  }

  /**
   * Jobs in memory run only in a worker of this process: a producer that forgot its broker URL would otherwise
   * wait for ever on `get()` without a word. Said once per broker, for the first job no consumer takes.
   */
  private warnIfUnconsumed(jobs: readonly EnqueueRequest[]): void {
    if (this.#warnedUnconsumed) return;
    const consumed = new Set([...this.#subscriptions].flatMap((s) => s.options.queues));
    const orphan = jobs.find((job) => !consumed.has(job.queue));
    if (!orphan) return;
    this.#warnedUnconsumed = true;
    this.logger.warn(
      `Nothing in this process consumes queue '${orphan.queue}': on the memory driver, tasks run only in a worker of the same process (app.worker()). ` +
        'Start one, or give createApp a Redis (REDIS_URL or the `redis` option) so that workers elsewhere run them.',
    );
  }

  /** Forgets ids of jobs finished over an hour ago, every thousand jobs, so a long-lived broker does not grow for ever. */
  private pruneFinished(incoming: number): void {
    this.#sincePrune += incoming;
    if (this.#sincePrune < 1000) return;
    this.#sincePrune = 0;
    const before = this.clock.now() - keepFinishedMs;
    for (const [id, finishedAt] of this.#known) if (finishedAt !== undefined && finishedAt < before) this.#known.delete(id);
  }

  async queues(names: readonly string[]): Promise<QueueInfo[]> {
    return names.map((name) => {
      let active = 0;
      for (const subscription of this.#subscriptions) active += subscription.active.get(name) ?? 0;
      let delayed = 0;
      for (const job of this.#delayed.keys()) if (job.queue === name) delayed++;
      return { name, waiting: this.#ready.get(name)?.length ?? 0, active, delayed, paused: this.#paused.has(name) };
    });
  }

  async delayed(names: readonly string[], limit: number): Promise<DelayedTask[]> {
    const tasks: DelayedTask[] = [];
    for (const [job, { runAt }] of this.#delayed) {
      if (!names.includes(job.queue)) continue;
      const message = JSON.parse(job.data) as { workflowId?: string; nodeId?: string; taskName?: string };
      if (message.workflowId && message.nodeId) tasks.push({ workflowId: message.workflowId, nodeId: message.nodeId, taskName: message.taskName ?? job.queue, runAt });
    }
    return tasks.sort((a, b) => a.runAt - b.runAt).slice(0, limit * names.length);
  }

  async schedules(names: readonly string[]): Promise<ScheduleInfo[]> {
    return [...this.#scheduleInfo.values()].filter((s) => names.includes(s.queue)).sort((a, b) => a.id.localeCompare(b.id));
  }

  private later(delay: number, job: Job): void {
    if (delay <= 0) return this.makeReady(job);
    const runAt = this.clock.now() + delay;
    const cancel = this.clock.setTimer(delay, () => {
      this.#timers.delete(cancel);
      this.#delayed.delete(job);
      this.makeReady(job);
    });
    this.#timers.add(cancel);
    this.#delayed.set(job, {
      runAt,
      cancel: () => {
        cancel();
        this.#timers.delete(cancel);
      },
    });
  }

  private makeReady(job: Job): void {
    if (this.#closed) return;
    let list = this.#ready.get(job.queue);
    if (!list) this.#ready.set(job.queue, (list = []));
    let at = list.length;
    while (at > 0 && before(job, list[at - 1]!)) at--;
    list.splice(at, 0, job);
    this.schedulePump();
  }

  private schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    for (const subscription of this.#subscriptions) {
      for (const queue of subscription.options.queues) {
        if (this.#paused.has(queue)) continue;
        const list = this.#ready.get(queue);
        while (list && list.length > 0 && !subscription.closed && (subscription.active.get(queue) ?? 0) < subscription.options.concurrency && this.mayStart(queue)) {
          this.run(subscription, queue, list.shift()!);
        }
      }
    }
  }

  /**
   * Takes a start from the queue's rate limit, as BullMQ's limiter does: at most `max` starts in any window of
   * `perMs`. When it is spent, the pump runs again once the oldest start leaves the window.
   */
  private mayStart(queue: string): boolean {
    const limit = this.#limits.get(queue);
    if (!limit) return true;
    const now = this.clock.now();
    limit.starts = limit.starts.filter((at) => at > now - limit.perMs);
    if (limit.starts.length < limit.max) {
      limit.starts.push(now);
      return true;
    }
    if (!this.#limitTimer) {
      const cancel = this.clock.setTimer(limit.starts[0]! + limit.perMs - now, () => {
        this.#timers.delete(cancel);
        this.#limitTimer = undefined;
        this.schedulePump();
      });
      this.#limitTimer = cancel;
      this.#timers.add(cancel);
    }
    return false;
  }

  private run(subscription: Subscription, queue: string, job: Job): void {
    subscription.active.set(queue, (subscription.active.get(queue) ?? 0) + 1);
    const delivery = JSON.parse(job.data) as Delivery;
    const held: Held = { workflowId: isTrigger(delivery) ? undefined : delivery.workflowId, abort: new AbortController() };
    this.#held.add(held);
    const running: Promise<void> = Promise.resolve()
      .then(() => subscription.handler(delivery, held.abort.signal))
      .then(() => {
        this.#known.set(job.id, this.clock.now());
      })
      .catch((error: unknown) => {
        job.failures++;
        if (job.failures > maxRedeliveries) {
          this.logger.error({ jobId: job.id, failures: job.failures, error: error instanceof Error ? error.message : String(error) }, `Giving up on job ${job.id} after ${job.failures} failed deliveries`);
          this.#known.set(job.id, this.clock.now());
          return;
        }
        this.later(Math.min(5000, 50 * 2 ** job.failures), job);
      })
      .finally(() => {
        this.#held.delete(held);
        subscription.active.set(queue, (subscription.active.get(queue) ?? 1) - 1);
        subscription.running.delete(running);
        this.schedulePump();
      });
    subscription.running.add(running);
  }
}

function isTask(job: Job): boolean {
  return !isTrigger(JSON.parse(job.data) as Delivery);
}

/** True when `a` should run before `b`: no priority first, then lower numbers, then first in. */
function before(a: Job, b: Job): boolean {
  return a.priority !== b.priority ? a.priority < b.priority : a.seq < b.seq;
}
