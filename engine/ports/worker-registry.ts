/** A task a worker is running, as its heartbeat reports it. */
export interface ActiveTask {
  readonly workflowId: string;
  readonly nodeId: string;
  readonly taskName: string;
  readonly attempt: number;
  readonly workerId: string;
  /** Epoch ms. */
  readonly startedAt: number;
}

/** What a worker says about itself at each heartbeat. */
export interface WorkerRecord {
  readonly id: string;
  readonly hostname: string;
  readonly pid: number;
  readonly queues: readonly string[];
  readonly concurrency: number;
  /** Tasks running now. */
  readonly active: number;
  /** Task attempts ended since it started. */
  readonly processed: number;
  readonly startedAt: number;
  readonly lastHeartbeatAt: number;
  /** The task names this worker has registered. */
  readonly tasks: readonly string[];
  /** The tasks running now (bounded by its concurrency). */
  readonly running: readonly ActiveTask[];
}

/**
 * Where workers say they are alive. A record lives `ttlMs` after its last beat unless beaten again, so a worker
 * that dies (SIGKILL) is gone from `list` that long after its last beat without anyone cleaning up.
 *
 * Does not promise: that `list` agrees between processes whose clocks differ by more than a beat, or that a
 * record is fresher than the last beat (what it says of running tasks can be a beat old).
 */
export interface WorkerRegistry {
  /** Writes (or rewrites) the worker's record, to expire `ttlMs` from `record.lastHeartbeatAt`. */
  beat(record: WorkerRecord, ttlMs: number): Promise<void>;
  /** Forgets the worker at once (it stopped cleanly). */
  remove(workerId: string): Promise<void>;
  /** The workers whose record has not expired at `now`, oldest first. */
  list(now: number): Promise<WorkerRecord[]>;
  close(): Promise<void>;
}
