import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CeleriacEvent } from '../ports/events.js';

/** A queue's counts as the broker keeps them (BullMQ's own on Redis). */
export interface QueueDepth {
  readonly name: string;
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
}

export interface MetricsSources {
  /** The queues' counts, read at each scrape. */
  queues(): Promise<readonly QueueDepth[]>;
  /** How many workers are online, read at each scrape. */
  workers(): Promise<number>;
}

/** Seconds, from a fraction of a millisecond up to ten minutes. */
const buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

const taskStates: Partial<Record<CeleriacEvent['type'], string>> = { 'task-succeeded': 'succeeded', 'task-failed': 'failed', 'task-retried': 'retried', 'task-revoked': 'revoked' };
const workflowStates: Partial<Record<CeleriacEvent['type'], string>> = { 'workflow-succeeded': 'succeeded', 'workflow-failed': 'failed', 'workflow-revoked': 'revoked' };

/**
 * An app's Prometheus metrics (prom-client), in a registry of its own so that two apps in one process do not
 * clash. Counters and histograms count what this process saw (Prometheus scrapes each worker and sums);
 * `celeriac_queue_jobs` and `celeriac_workers` are read from the broker at each scrape, so any process gives
 * the cluster's figures.
 *
 * - `celeriac_tasks_total{task,state}`: task attempts that ended `succeeded`, `failed` (for good), `retried`, `revoked`
 * - `celeriac_task_duration_seconds{task}`: how long handlers ran (histogram)
 * - `celeriac_task_queue_wait_seconds{task}`: from when a task could start to when it started (histogram)
 * - `celeriac_workflows_total{state}`: workflows that ended `succeeded`, `failed`, `revoked`
 * - `celeriac_queue_jobs{queue,state}`: jobs `waiting`, `active`, `delayed` per queue
 * - `celeriac_workers`: workers online
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #tasks = new Counter({ name: 'celeriac_tasks_total', help: 'Task attempts that ended, by task and state (succeeded, failed, retried, revoked)', labelNames: ['task', 'state'], registers: [this.registry] });
  readonly #duration = new Histogram({ name: 'celeriac_task_duration_seconds', help: 'How long task handlers ran', labelNames: ['task'], buckets, registers: [this.registry] });
  readonly #queueWait = new Histogram({ name: 'celeriac_task_queue_wait_seconds', help: 'How long tasks waited in their queue before they started', labelNames: ['task'], buckets, registers: [this.registry] });
  readonly #workflows = new Counter({ name: 'celeriac_workflows_total', help: 'Workflows that ended, by state (succeeded, failed, revoked)', labelNames: ['state'], registers: [this.registry] });

  constructor(sources: MetricsSources) {
    new Gauge({
      name: 'celeriac_queue_jobs',
      help: 'Jobs in each queue, by state (waiting, active, delayed), as the broker counts them',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of await sources.queues()) {
          for (const state of ['waiting', 'active', 'delayed'] as const) this.set({ queue: queue.name, state }, queue[state]);
        }
      },
    });
    new Gauge({
      name: 'celeriac_workers',
      help: 'Workers online (beating their heartbeat)',
      registers: [this.registry],
      async collect() {
        this.set(await sources.workers());
      },
    });
  }

  /** Counts what an event says: a task's queue wait, its end and runtime, a workflow's end. */
  observe(event: CeleriacEvent): void {
    if (event.type === 'task-started' && event.queueWaitMs !== undefined) {
      this.queueWait(event.taskName ?? 'unknown', event.queueWaitMs);
      return;
    }
    const taskState = taskStates[event.type];
    if (taskState) {
      const task = event.taskName ?? 'unknown';
      this.#tasks.inc({ task, state: taskState });
      if (event.runtimeMs !== undefined) this.#duration.observe({ task }, event.runtimeMs / 1000);
      return;
    }
    const workflowState = workflowStates[event.type];
    if (workflowState) this.#workflows.inc({ state: workflowState });
  }

  /** Records how long a task waited between becoming ready to start and starting. */
  queueWait(taskName: string, ms: number): void {
    this.#queueWait.observe({ task: taskName }, Math.max(0, ms) / 1000);
  }

  /** The metrics in Prometheus's text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
