/** A queue's counts, as the broker keeps them. */
export interface QueueInfo {
  readonly name: string;
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly paused: boolean;
}

/** A task waiting for its countdown, eta, retry backoff or rate limit. */
export interface DelayedTask {
  readonly workflowId: string;
  readonly nodeId: string;
  readonly taskName: string;
  /** Epoch ms when it may start. */
  readonly runAt: number;
}

/** A periodic schedule (`app.schedule`). */
export type ScheduleInfo = { readonly id: string; readonly queue: string; readonly tz?: string; readonly next?: number } & ({ readonly every: number } | { readonly cron: string });

/**
 * Read-only views of the broker's queues, for `app.inspect` and metrics. Each call reads the broker's own
 * records (BullMQ's counts on Redis); none changes anything.
 *
 * Does not promise: a consistent snapshot across queues, or every delayed task of a huge backlog (`delayed`
 * reads at most `limit` per queue, soonest first).
 */
export interface QueueInspector {
  queues(names: readonly string[]): Promise<QueueInfo[]>;
  delayed(names: readonly string[], limit: number): Promise<DelayedTask[]>;
  schedules(names: readonly string[]): Promise<ScheduleInfo[]>;
  close(): Promise<void>;
}

export function isQueueInspector(value: object): value is QueueInspector & object {
  const candidate = value as Partial<QueueInspector>;
  return typeof candidate.queues === 'function' && typeof candidate.delayed === 'function' && typeof candidate.schedules === 'function';
}
