import { Queue } from 'bullmq';
import type { DelayedTask, QueueInfo, QueueInspector, ScheduleInfo } from '../../engine/ports/queue-inspector.js';
import type { TaskMessage } from '../../engine/ports/broker.js';
import { silentLogger, type Logger } from '../../engine/ports/index.js';
import { logOnce } from '../support/log-once.js';
import type { Connect, Connection } from './connection.js';

/** What an inspected job may carry besides its task message: the task name, once jobs carry it. */
type InspectedData = Partial<TaskMessage> & { readonly taskName?: string; readonly schedule?: string };

/**
 * The queues as BullMQ itself counts and lists them (`getJobCounts`, `getDelayed`, `getJobSchedulers`,
 * `isPaused`): what bull-board shows is what `app.inspect` says. Opens its own connection on first use.
 */
export class BullMQInspector implements QueueInspector {
  readonly #connect: Connect;
  readonly #queues = new Map<string, Queue>();
  #connection: Connection | undefined;
  readonly #log: (error: unknown) => void;

  readonly #prefixOf: (queue: string) => string;

  /** `prefixOf`: BullMQ's prefix of a queue's keys, the broker's (hash-tagged per queue on a cluster). @default the prefix */
  constructor(options: { readonly connect: Connect; readonly prefix: string; readonly prefixOf?: (queue: string) => string; readonly logger?: Logger }) {
    this.#log = logOnce(options.logger ?? silentLogger, 'inspect');
    this.#connect = options.connect;
    this.#prefixOf = options.prefixOf ?? (() => options.prefix);
  }

  async queues(names: readonly string[]): Promise<QueueInfo[]> {
    return Promise.all(
      names.map(async (name) => {
        const queue = await this.queue(name, 'count jobs');
        const [counts, paused] = await Promise.all([queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed'), queue.isPaused()]);
        const count = (state: string) => counts[state] ?? 0;
        return { name, waiting: count('waiting') + count('prioritized'), active: count('active'), delayed: count('delayed'), paused };
      }),
    );
  }

  async delayed(names: readonly string[], limit: number): Promise<DelayedTask[]> {
    const lists = await Promise.all(
      names.map(async (name) => {
        const queue = await this.queue(name, 'list delayed jobs');
        const jobs = await queue.getDelayed(0, Math.max(0, limit - 1));
        return jobs.flatMap((job): DelayedTask[] => {
          const data = job.data as InspectedData;
          // A schedule's next firing is listed under schedules, not as a delayed task.
          if (data.schedule !== undefined || !data.workflowId || !data.nodeId) return [];
          return [{ workflowId: data.workflowId, nodeId: data.nodeId, taskName: data.taskName ?? job.name, runAt: job.timestamp + (job.delay ?? 0) }];
        });
      }),
    );
    return lists.flat().sort((a, b) => a.runAt - b.runAt);
  }

  async schedules(names: readonly string[]): Promise<ScheduleInfo[]> {
    const lists = await Promise.all(
      names.map(async (name) => {
        const queue = await this.queue(name, 'list schedules');
        const schedulers = await queue.getJobSchedulers(0, -1, true);
        return schedulers.flatMap((s): ScheduleInfo[] => {
          const base = { id: s.id ?? s.key, queue: name, ...(s.tz ? { tz: s.tz } : {}), ...(s.next !== undefined ? { next: Number(s.next) } : {}) };
          if (s.every !== undefined && s.every !== null) return [{ ...base, every: Number(s.every) }];
          return s.pattern ? [{ ...base, cron: s.pattern }] : [];
        });
      }),
    );
    return lists.flat().sort((a, b) => a.id.localeCompare(b.id));
  }

  async close(): Promise<void> {
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
    this.#queues.clear();
    await this.#connection?.close();
    this.#connection = undefined;
  }

  /** A queue handle; waits (at most the connect timeout) for Redis, so a dead Redis fails with UNAVAILABLE. */
  private async queue(name: string, what: string): Promise<Queue> {
    if (!this.#connection) {
      this.#connection = this.#connect();
      this.#connection.redis.on('error', this.#log);
    }
    await this.#connection.ready(`${what} on queue ${name}`);
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.#connection.redis, prefix: this.#prefixOf(name) });
      queue.on('error', this.#log);
      this.#queues.set(name, queue);
    }
    return queue;
  }
}
