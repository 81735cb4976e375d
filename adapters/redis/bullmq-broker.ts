import { Queue, Worker, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Broker, ConsumeOptions, Consumer, EnqueueRequest, TaskMessage } from '../../engine/ports/broker.js';
import type { Connect } from './connection.js';
import { logOnce } from './log-once.js';

export interface BullMQBrokerOptions {
  /** Opens a new connection. The broker opens one, shared by its queues; each worker duplicates it. */
  readonly connect: Connect;
  /** BullMQ's key prefix. */
  readonly prefix: string;
  /** @default 30000 */
  readonly lockDurationMs?: number;
  /** @default 30000 */
  readonly stalledIntervalMs?: number;
  /** @default 1000, so that a job whose worker was killed always comes back instead of failing */
  readonly maxStalledCount?: number;
}

/**
 * Job options for every task message. BullMQ's own retries only cover infrastructure errors (the handler
 * threw because, say, the store was unreachable): the engine retries tasks itself and never throws for a
 * task's own error.
 */
const jobDefaults: JobsOptions = {
  attempts: 20,
  backoff: { type: 'exponential', delay: 200 },
  // Completed jobs are kept a while so that adding the same job id again stays a no-op.
  removeOnComplete: { age: 3600, count: 100_000 },
  removeOnFail: { age: 86_400 },
};

/** The broker on BullMQ: one queue per queue name, one worker per consumed queue. */
export class BullMQBroker implements Broker {
  readonly #options: BullMQBrokerOptions;
  readonly #queues = new Map<string, Queue<TaskMessage, void, string>>();
  readonly #consumers = new Set<Consumer>();
  readonly #logError = logOnce('broker');
  #connection: Redis | undefined;

  constructor(options: BullMQBrokerOptions) {
    this.#options = options;
  }

  async enqueue(jobs: readonly EnqueueRequest[]): Promise<void> {
    const byQueue = new Map<string, EnqueueRequest[]>();
    for (const job of jobs) {
      const list = byQueue.get(job.queue);
      if (list) list.push(job);
      else byQueue.set(job.queue, [job]);
    }
    await Promise.all(
      [...byQueue].map(([name, list]) => {
        const queue = this.queue(name);
        const [only] = list;
        if (list.length === 1 && only) return queue.add(name, only.message, jobOptions(only));
        return queue.addBulk(list.map((job) => ({ name, data: job.message, opts: jobOptions(job) })));
      }),
    );
  }

  consume(options: ConsumeOptions, handler: (message: TaskMessage) => Promise<void>): Consumer {
    const workers = options.queues.map((name) => {
      const worker = new Worker<TaskMessage, void, string>(name, (job) => handler(job.data), {
        connection: this.connection(),
        prefix: this.#options.prefix,
        concurrency: options.concurrency,
        lockDuration: this.#options.lockDurationMs ?? 30_000,
        stalledInterval: this.#options.stalledIntervalMs ?? 30_000,
        maxStalledCount: this.#options.maxStalledCount ?? 1000,
        autorun: true,
      });
      worker.on('error', this.#logError);
      // A handler throws only for infrastructure errors (the engine turns task errors into outcomes); BullMQ retries it.
      worker.on('failed', (_job, error) => this.#logError(error));
      return worker;
    });
    const consumer: Consumer = {
      close: async () => {
        this.#consumers.delete(consumer);
        await Promise.all(workers.map((worker) => worker.close()));
      },
    };
    this.#consumers.add(consumer);
    return consumer;
  }

  /** Closes the consumers still open, the queues, and the connection the broker opened. */
  async close(): Promise<void> {
    await Promise.all([...this.#consumers].map((consumer) => consumer.close()));
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
    this.#queues.clear();
    const connection = this.#connection;
    this.#connection = undefined;
    await connection?.quit().catch(() => connection.disconnect());
  }

  private queue(name: string): Queue<TaskMessage, void, string> {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = new Queue<TaskMessage, void, string>(name, { connection: this.connection(), prefix: this.#options.prefix });
      queue.on('error', this.#logError);
      this.#queues.set(name, queue);
    }
    return queue;
  }

  /** Opened on first use. Workers block on their duplicates, which BullMQ only allows with `maxRetriesPerRequest: null`. */
  private connection(): Redis {
    if (!this.#connection) {
      this.#connection = this.#options.connect({ maxRetriesPerRequest: null });
      this.#connection.on('error', this.#logError);
    }
    return this.#connection;
  }
}

function jobOptions(job: EnqueueRequest): JobsOptions {
  return {
    ...jobDefaults,
    jobId: job.jobId,
    ...(job.delay > 0 ? { delay: job.delay } : {}),
    ...(job.priority !== null ? { priority: job.priority } : {}),
  };
}
