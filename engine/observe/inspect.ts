import { CeleriacError } from '../../canvas/errors.js';
import type { Clock } from '../ports/clock.js';
import type { DelayedTask, QueueInfo, QueueInspector, ScheduleInfo } from '../ports/queue-inspector.js';
import type { ActiveTask, WorkerRecord, WorkerRegistry } from '../ports/worker-registry.js';

/** A worker as `inspect.workers()` lists it. */
export type WorkerInfo = Omit<WorkerRecord, 'tasks' | 'running'>;

export interface ScheduledTasks {
  readonly delayed: readonly DelayedTask[];
  readonly schedules: readonly ScheduleInfo[];
}

/** How many delayed tasks `scheduled()` lists per queue at most, soonest first. */
const delayedLimit = 1000;

/**
 * `app.inspect`: what the workers sharing this app's broker are doing, read from their heartbeats and from the
 * broker's own queues (Celery's `inspect`). Every call is a read; none changes anything.
 *
 * Running tasks come from the workers' heartbeats, so they can be one heartbeat old. The queues inspected are
 * `default`, those any live worker consumes, and those this app's tasks are routed to.
 * @example
 * const busy = (await app.inspect.workers()).filter((w) => w.active === w.concurrency);
 */
export class Inspect {
  constructor(
    /** Absent when the app was built without one (an App made directly on ports): no worker is listed. */
    private readonly registry: WorkerRegistry | undefined,
    private readonly inspector: QueueInspector | undefined,
    private readonly clock: Clock,
    /** Queues this app knows of without asking the workers (its tasks' `queue` options). */
    private readonly knownQueues: () => readonly string[],
  ) {}

  /** Workers online: `{ id, hostname, pid, queues, concurrency, active, processed, startedAt, lastHeartbeatAt }`. */
  async workers(): Promise<WorkerInfo[]> {
    return (await this.live()).map(({ tasks: _tasks, running: _running, ...info }) => info);
  }

  /** Tasks running now on any worker, oldest first. */
  async active(): Promise<ActiveTask[]> {
    return (await this.live()).flatMap((worker) => worker.running).sort((a, b) => a.startedAt - b.startedAt);
  }

  /** Tasks waiting for a countdown, eta, backoff or rate limit, soonest first, and the periodic schedules. */
  async scheduled(): Promise<ScheduledTasks> {
    const names = await this.queueNames();
    const inspector = this.queueInspector();
    const [delayed, schedules] = await Promise.all([inspector.delayed(names, delayedLimit), inspector.schedules(names)]);
    return { delayed, schedules };
  }

  /** The task names each worker has registered. */
  async registered(): Promise<Array<{ workerId: string; tasks: readonly string[] }>> {
    return (await this.live()).map((worker) => ({ workerId: worker.id, tasks: worker.tasks }));
  }

  /** Each queue's counts as the broker keeps them: `{ name, waiting, active, delayed, paused }`. */
  async queues(): Promise<QueueInfo[]> {
    return this.queueInspector().queues(await this.queueNames());
  }

  /** The queue names inspected: `default`, the live workers' and this app's tasks', sorted. */
  async queueNames(): Promise<string[]> {
    const names = new Set<string>(['default', ...this.knownQueues()]);
    for (const worker of await this.live()) for (const queue of worker.queues) names.add(queue);
    return [...names].sort();
  }

  private async live(): Promise<WorkerRecord[]> {
    return this.registry ? this.registry.list(this.clock.now()) : [];
  }

  private queueInspector(): QueueInspector {
    if (!this.inspector) throw new CeleriacError('VALIDATION', "This app's broker cannot be inspected (it was built without a queue inspector)");
    return this.inspector;
  }
}
