import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import type { Json } from '../../canvas/json.js';
import type { Broker, ConsumeOptions, Consumer, DeliveryEnd, DeliveryHandler, EnqueueRequest, Logger, Scheduler, ScheduleSpec, TaskMessage, TriggerMessage } from '../../engine/ports/index.js';
import { silentLogger } from '../../engine/ports/index.js';
import { logOnce } from '../support/log-once.js';
import { CancelChannel } from './cancel-channel.js';
import type { Connect, Connection } from './connection.js';
import { queuePrefix } from './options.js';
import { cancelChannel } from './keys.js';
import { purgeQueue } from './queue-control.js';
import { TaskFailedForGood } from './task-failed.js';

export interface BullMQBrokerOptions {
  /**
   * Opens a new connection. The broker opens one for its queues, whose commands fail after `connectTimeoutMs`
   * when Redis cannot be reached, and one for its workers (each duplicates it to block on), which retry for ever.
   */
  readonly connect: Connect;
  /** BullMQ's key prefix; on a cluster each queue gets its own hash tag (see `queuePrefix`). */
  readonly prefix: string;
  /** @default 30000 */
  readonly lockDurationMs?: number;
  /** @default 30000 */
  readonly stalledIntervalMs?: number;
  /** @default 1000, so that a job whose worker was killed always comes back instead of failing; the engine fails a task that stalled too often itself (`maxStalls`) */
  readonly maxStalledCount?: number;
  /** Where connection and worker errors are reported, each distinct one once. @default silentLogger */
  readonly logger?: Logger;
  /** Bounds how long completed jobs are kept (at most an hour). @default 86400 */
  readonly resultTtlSeconds?: number;
}

/**
 * Job options for every task message. BullMQ's own retries only cover infrastructure errors (the handler
 * threw because, say, the store was unreachable): the engine retries tasks itself and never throws for a
 * task's own error.
 */
function jobDefaults(resultTtlSeconds: number): JobsOptions {
  return {
    attempts: 20,
    backoff: { type: 'exponential', delay: 200 },
    // Completed jobs are kept a while so that adding the same job id again soon stays a no-op; one added again
    // after its job was removed runs, finds its node settled and only re-drives what follows (idempotent). So
    // they are bounded: at most `maxKeptJobs` per queue, for at most an hour or the results' own TTL.
    removeOnComplete: { age: Math.min(resultTtlSeconds, 3600), count: maxKeptJobs },
    removeOnFail: { age: resultTtlSeconds, count: maxKeptJobs },
  };
}

/** Completed (and failed) jobs kept per queue, each a hash in Redis. */
export const maxKeptJobs = 10_000;

/** The broker on BullMQ: one queue per queue name, one worker per consumed queue. */
const triggerJobName = 'celeriac.trigger';

/** What this broker's jobs carry: a task message, or a schedule's trigger template. */
type QueueData = TaskMessage | { readonly schedule: string; readonly document: Json };

/** A job's return value: how its delivery was handled (the task's state, not its result), for bull-board. */
type JobResult = DeliveryEnd | undefined;

/**
 * A scheduler job's id is `repeat:<scheduler id>:<ms of the firing>` in BullMQ 6: that time, with the schedule
 * id, names the workflow the firing starts. The job's own timestamp stands in if the id has another shape.
 */
function triggerOf(job: Job<QueueData, JobResult, string>): TriggerMessage {
  const data = job.data as { schedule: string; document: Json };
  const fromId = /:(\d+)$/.exec(job.id ?? '');
  const firedAt = fromId ? Number(fromId[1]) : job.timestamp + (job.opts.delay ?? 0);
  return { schedule: data.schedule, document: data.document, firedAt };
}

export class BullMQBroker implements Broker, Scheduler {
  readonly #options: BullMQBrokerOptions;
  readonly #queues = new Map<string, Queue<QueueData, JobResult, string>>();
  readonly #consumers = new Set<Consumer>();
  readonly #logError: (error: unknown) => void;
  /** Jobs this process is handling now, by job id: their workflow and the BullMQ worker holding them. */
  readonly #held = new Map<string, { readonly workflowId: string; readonly worker: Worker<QueueData, JobResult, string> }>();
  readonly #cancels: CancelChannel;
  #producer: Connection | undefined;
  #consumer: Connection | undefined;

  constructor(options: BullMQBrokerOptions) {
    this.#options = options;
    this.#logError = logOnce(options.logger ?? silentLogger, 'broker');
    this.#cancels = new CancelChannel(() => options.connect(), cancelChannel(options.prefix), this.#logError);
  }

  async enqueue(jobs: readonly EnqueueRequest[]): Promise<void> {
    const byQueue = new Map<string, EnqueueRequest[]>();
    for (const job of jobs) {
      const list = byQueue.get(job.queue);
      if (list) list.push(job);
      else byQueue.set(job.queue, [job]);
    }
    const defaults = jobDefaults(this.#options.resultTtlSeconds ?? 86_400);
    const [first] = jobs;
    const what = `enqueue ${jobs.length === 1 && first ? `job ${first.jobId}` : `${jobs.length} jobs`} on queue ${[...byQueue.keys()].join(', ')}`;
    await this.producer().run(what, () =>
      Promise.all(
        [...byQueue].map(([name, list]) => {
          const queue = this.queue(name);
          const [only] = list;
          // Jobs are named after their task, so bull-board and BullMQ's own API show what each one is.
          if (list.length === 1 && only) return queue.add(only.message.task ?? name, only.message, jobOptions(only, defaults));
          return addInChunks(queue, list.map((job) => ({ name: job.message.task ?? name, data: job.message, opts: jobOptions(job, defaults) })));
        }),
      ),
    );
  }

  /** A schedule is a BullMQ job scheduler whose jobs, named `celeriac.trigger`, carry the document. */
  async upsertSchedule(id: string, spec: ScheduleSpec, queue: string, document: Json): Promise<void> {
    const repeat = 'every' in spec ? { every: spec.every } : { pattern: spec.cron, ...(spec.tz ? { tz: spec.tz } : {}) };
    const template = { name: triggerJobName, data: { schedule: id, document }, opts: jobDefaults(this.#options.resultTtlSeconds ?? 86_400) };
    await this.producer().run(`save schedule ${id}`, () => this.queue(queue).upsertJobScheduler(id, repeat, template));
  }

  async removeSchedule(id: string, queue: string): Promise<boolean> {
    return this.producer().run(`remove schedule ${id}`, () => this.queue(queue).removeJobScheduler(id));
  }

  /** Publishes on the app's cancel channel, and cancels at once what this process holds. */
  async cancelWorkflow(workflowId: string): Promise<void> {
    this.cancelHeld(workflowId);
    await this.#cancels.publish(this.producer(), workflowId);
  }

  async purge(queue: string): Promise<TaskMessage[]> {
    await this.ready(`purge queue ${queue}`);
    return purgeQueue(this.queue(queue), triggerJobName);
  }

  async pause(queue: string): Promise<void> {
    await this.ready(`pause queue ${queue}`);
    await this.queue(queue).pause();
  }

  async resume(queue: string): Promise<void> {
    await this.ready(`resume queue ${queue}`);
    await this.queue(queue).resume();
  }

  async isPaused(queue: string): Promise<boolean> {
    await this.ready(`read queue ${queue}`);
    return this.queue(queue).isPaused();
  }

  /** BullMQ's global rate limit of the queue, which every worker of it obeys. */
  async setQueueRateLimit(queue: string, limit: { readonly max: number; readonly perMs: number } | null): Promise<void> {
    await this.ready(`set the rate limit of queue ${queue}`);
    if (limit === null) await this.queue(queue).removeGlobalRateLimit();
    else await this.queue(queue).setGlobalRateLimit(limit.max, limit.perMs);
  }

  consume(options: ConsumeOptions, handler: DeliveryHandler): Consumer {
    const listening = this.#cancels.listen((workflowId) => this.cancelHeld(workflowId));
    const workers: Worker<QueueData, JobResult, string>[] = options.queues.map((name) => {
      // Three parameters, so BullMQ gives each job an AbortSignal that worker.cancelJob aborts.
      const process = async (job: Job<QueueData, JobResult, string>, _token: string | undefined, signal: AbortSignal | undefined) => {
        if (job.name === triggerJobName && 'schedule' in job.data) {
          await handler(triggerOf(job), signal ?? new AbortController().signal);
          return undefined;
        }
        const message = taskMessageOf(job);
        // A cancellation broadcast before the subscription was up is not heard; the store's revoked flag covers it.
        await listening;
        this.#held.set(job.id!, { workflowId: message.workflowId, worker });
        let end: DeliveryEnd | void;
        try {
          end = await handler(message, signal ?? new AbortController().signal);
        } finally {
          this.#held.delete(job.id!);
        }
        // The FAILURE is committed: the job fails in BullMQ's terms too, and BullMQ does not retry it.
        if (end?.state === 'FAILURE') throw new TaskFailedForGood(end);
        return end ?? undefined;
      };
      const worker: Worker<QueueData, JobResult, string> = new Worker<QueueData, JobResult, string>(name, process, {
        connection: this.consumer().redis,
        prefix: this.prefixOf(name),
        concurrency: options.concurrency,
        lockDuration: this.#options.lockDurationMs ?? 30_000,
        stalledInterval: this.#options.stalledIntervalMs ?? 30_000,
        maxStalledCount: this.#options.maxStalledCount ?? 1000,
        autorun: true,
      });
      worker.on('error', this.#logError);
      // A handler throws only for infrastructure errors (the engine turns task errors into outcomes); BullMQ retries it.
      worker.on('failed', (_job, error) => {
        // A task failing for good is the engine's news, already logged and reported there.
        if (!(error instanceof TaskFailedForGood)) this.#logError(error);
      });
      return worker;
    });
    const consumer: Consumer = {
      close: async () => {
        this.#consumers.delete(consumer);
        // Waiting for running jobs needs Redis (BullMQ's close would hang without it); jobs left running come
        // back to another worker once their lock expires.
        const force = this.#consumer?.redis.status !== 'ready';
        await Promise.all(workers.map((worker) => worker.close(force)));
      },
    };
    this.#consumers.add(consumer);
    return consumer;
  }

  /** Closes the consumers still open, the queues, and the connections the broker opened. */
  async close(): Promise<void> {
    await Promise.all([...this.#consumers].map((consumer) => consumer.close()));
    await this.#cancels.close();
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
    this.#queues.clear();
    const connections = [this.#producer, this.#consumer];
    this.#producer = this.#consumer = undefined;
    await Promise.all(connections.map((connection) => connection?.close()));
  }

  private cancelHeld(workflowId: string): void {
    for (const [jobId, held] of this.#held) if (held.workflowId === workflowId) held.worker.cancelJob(jobId, `workflow ${workflowId} was revoked`);
  }

  private async ready(what: string): Promise<void> {
    const producer = this.producer();
    if (producer.redis.status !== 'ready') await producer.ready(what);
  }

  private queue(name: string): Queue<QueueData, JobResult, string> {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = new Queue<QueueData, JobResult, string>(name, { connection: this.producer().redis, prefix: this.prefixOf(name) });
      queue.on('error', this.#logError);
      this.#queues.set(name, queue);
    }
    return queue;
  }

  /** The prefix of one queue's BullMQ keys: on a cluster, each queue is one hash slot. */
  prefixOf(queue: string): string {
    return queuePrefix(this.#options.prefix, queue, this.#options.connect.cluster);
  }

  /** The queues' connection, opened on first use. */
  private producer(): Connection {
    if (!this.#producer) {
      this.#producer = this.#options.connect();
      this.#producer.redis.on('error', this.#logError);
    }
    return this.#producer;
  }

  /**
   * The workers' connection, opened on first use. Workers block on their duplicates, which BullMQ only allows
   * with `maxRetriesPerRequest: null`; their other commands then also wait for Redis for ever, so that a
   * worker rides out a restart.
   */
  private consumer(): Connection {
    if (!this.#consumer) {
      this.#consumer = this.#options.connect({ redis: { maxRetriesPerRequest: null } });
      this.#consumer.redis.on('error', this.#logError);
    }
    return this.#consumer;
  }
}

/** The job's message, with how many times the job stalled (BullMQ counts them in `stalledCounter`). */
function taskMessageOf(job: Job<QueueData, JobResult, string>): TaskMessage {
  const message = job.data as TaskMessage;
  return job.stalledCounter > 0 ? { ...message, stalls: job.stalledCounter } : message;
}

function jobOptions(job: EnqueueRequest, defaults: JobsOptions): JobsOptions {
  return {
    ...defaults,
    jobId: job.jobId,
    ...(job.delay > 0 ? { delay: job.delay } : {}),
    ...(job.priority !== null ? { priority: job.priority } : {}),
  };
}

/**
 * How many jobs one `addBulk` adds at most. BullMQ sends a bulk as one MULTI: a chord of 100,000 members in one
 * would hold Redis for seconds (every other client waits), and the producer would build every job at once. In
 * chunks, one after another, the first members run while the rest are added and the producer holds one chunk.
 */
export const addBulkChunk = 1000;

async function addInChunks(queue: Queue, jobs: Parameters<Queue['addBulk']>[0]): Promise<void> {
  for (let start = 0; start < jobs.length; start += addBulkChunk) await queue.addBulk(jobs.slice(start, start + addBulkChunk));
}
