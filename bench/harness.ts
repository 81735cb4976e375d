/**
 * What every scenario shares: a fresh Celeriac app or raw BullMQ queue + worker on a unique prefix (keys
 * deleted afterwards), and `measure()`, which times one run and counts the Redis commands it cost.
 */
import { randomUUID } from 'node:crypto';
import { FlowProducer, Queue, Worker, type Job, type Processor } from 'bullmq';
import { Cluster, Redis, type ClusterNode } from 'ioredis';
import { createApp, type App, type Task } from '../index.js';
import { commandCounts, deleteKeys, delta, serverUsage, settle, type BenchRedis, type CommandCounts } from './redis-stats.js';

export interface RunOptions<P> {
  readonly url: string;
  /** With `--redis-cluster`: the cluster's nodes, used instead of `url`. */
  readonly cluster?: readonly ClusterNode[];
  /** Our own connection: INFO samples and key cleanup (per master on a cluster). Its INFO calls are not counted. */
  readonly admin: BenchRedis;
  readonly params: P;
  readonly concurrency: number;
}

/** One timed run: wall time from the first command (apply / add) to the last result in hand. */
export interface Sample {
  readonly ms: number;
  /** Commands Redis ran from the start of the run until it was quiet again after it. */
  readonly commands: CommandCounts;
  /**
   * CPU time of the client side (this process: the app or BullMQ client and its worker; for Celery, the
   * driver, the worker and its pool processes) and of the Redis server over the run.
   */
  readonly nodeCpuMs: number;
  readonly redisCpuMs: number;
  /** Bytes Redis received and sent over the run. */
  readonly netBytes: number;
}

export interface Scenario<P> {
  readonly name: string;
  params(quick: boolean): P;
  /** How the shape reads in the table, e.g. "chord of 1,000". */
  label(params: P): string;
  /** Tasks (handler runs) in one run: what "per task" divides by. */
  tasks(params: P): number;
  /** Worker concurrency, the same on both sides. */
  readonly concurrency: number;
  celeriac(options: RunOptions<P>): Promise<Sample>;
  raw(options: RunOptions<P>): Promise<Sample>;
  /** The same shape for the Celery side (`--celery`, bench/celery/run_shape.py); none if Celery has no like of it. */
  celery?(params: P): CeleryShape;
}

/** What `bench/celery/run_shape.py` runs: a shape and its sizes (n, and for `chords` n then the number of chords). */
export interface CeleryShape {
  readonly shape: 'independent' | 'chain' | 'group' | 'chord' | 'chords';
  readonly args: readonly number[];
}

/** A result wait long enough for any sane run; a broken engine fails the benchmark instead of hanging it. */
export const resultTimeoutMs = 120_000;

export async function measure(admin: BenchRedis, run: () => Promise<void>): Promise<Sample> {
  const usage = await serverUsage(admin);
  const before = await commandCounts(admin);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  const commands = delta(before, await settle(admin));
  const { user, system } = process.cpuUsage(cpu);
  const after = await serverUsage(admin);
  return {
    ms,
    commands,
    nodeCpuMs: (user + system) / 1000,
    redisCpuMs: after.cpuMs - usage.cpuMs,
    netBytes: after.netInBytes - usage.netInBytes + after.netOutBytes - usage.netOutBytes,
  };
}

export function check(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`Wrong result for ${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)?.slice(0, 200)}`);
  }
}

const uniquePrefix = (side: string) => `bench-${side}-${randomUUID().slice(0, 8)}`;

export interface CeleriacBench {
  readonly app: App;
  readonly add: Task<[number, number], number>;
  readonly xsum: Task<[number[]], number>;
}

/** A Redis app with `add` and `xsum` and an in-process worker, for the length of `body`. */
export async function withCeleriac<T>(options: RunOptions<unknown>, body: (bench: CeleriacBench) => Promise<T>): Promise<T> {
  const prefix = uniquePrefix('celeriac');
  const app = createApp({ redis: options.cluster ? { cluster: options.cluster } : options.url, prefix });
  const add = app.task('add', (x: number, y: number) => x + y);
  const xsum = app.task('xsum', (values: number[]) => values.reduce((a, b) => a + b, 0));
  app.worker({ concurrency: options.concurrency });
  try {
    return await body({ app, add, xsum });
  } finally {
    await app.close();
    await deleteKeys(options.admin, prefix);
  }
}

export interface RawBench {
  readonly queue: Queue;
  readonly flow: FlowProducer;
  readonly worker: Worker;
  readonly queueName: string;
  /** The jobs matching `match` once `count` of them completed, in completion order; rejects if one fails. */
  completed(match: (job: Job) => boolean, count: number): Promise<Job[]>;
}

/**
 * A raw BullMQ queue, flow producer and worker (BullMQ's default job options) on one shared connection, as
 * Celeriac's broker has, for the length of `body`. `processor` gets the queue so a job can add the next one.
 */
export async function withRaw<T>(options: RunOptions<unknown>, processor: (queue: Queue) => Processor, body: (bench: RawBench) => Promise<T>): Promise<T> {
  // On a cluster BullMQ needs a hash-tagged prefix: the queue's keys then share one slot, as Celeriac's do.
  const prefix = options.cluster ? `{${uniquePrefix('raw')}}` : uniquePrefix('raw');
  const queueName = 'default';
  const connection = options.cluster ? new Cluster([...options.cluster], { redisOptions: { maxRetriesPerRequest: null } }) : new Redis(options.url, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix });
  const flow = new FlowProducer({ connection, prefix });
  const worker = new Worker(queueName, processor(queue), { connection, prefix, concurrency: options.concurrency });
  const completed = (match: (job: Job) => boolean, count: number) =>
    new Promise<Job[]>((resolve, reject) => {
      const jobs: Job[] = [];
      const timer = setTimeout(() => finish(new Error(`raw BullMQ: ${jobs.length} of ${count} jobs completed in ${resultTimeoutMs} ms`)), resultTimeoutMs);
      const onCompleted = (job: Job) => {
        if (match(job) && jobs.push(job) === count) finish();
      };
      const onFailed = (job: Job | undefined, error: Error) => {
        if (job && match(job)) finish(error);
      };
      const finish = (error?: Error) => {
        clearTimeout(timer);
        worker.off('completed', onCompleted).off('failed', onFailed);
        if (error) reject(error);
        else resolve(jobs);
      };
      worker.on('completed', onCompleted).on('failed', onFailed);
    });
  try {
    await worker.waitUntilReady();
    return await body({ queue, flow, worker, queueName, completed });
  } finally {
    await worker.close();
    await Promise.all([queue.close(), flow.close()]);
    await connection.quit();
    await deleteKeys(options.admin, prefix);
  }
}

/** The raw side's `add` and `xsum`: a job named `add` returns x + y; any other sums its children's values. */
export const addOrSum = () => async (job: Job) =>
  job.name === 'add' ? job.data.x + job.data.y : Object.values(await job.getChildrenValues<number>()).reduce((a, b) => a + b, 0);

/** Distinguishes one run's jobs from the warm-up's on the same raw queue. */
let runs = 0;
export const nextTag = () => ++runs;
