import type { Clock } from '../ports/clock.js';
import type { CeleriacEvent } from '../ports/events.js';
import type { ActiveTask, WorkerRecord, WorkerRegistry } from '../ports/worker-registry.js';
import type { ObserveLogger } from './observe-logger.js';
import { waitAtMost } from './wait-at-most.js';

export interface WorkerIdentity {
  readonly id: string;
  readonly hostname: string;
  readonly pid: number;
}

export interface PresenceOptions {
  readonly queues: readonly string[];
  readonly concurrency: number;
  /** How often the worker beats. Its record expires two and a half beats after the last one. */
  readonly heartbeatMs: number;
  /** The task names the worker has registered, read at each beat. */
  readonly tasks: () => readonly string[];
  /**
   * `timer`: beat every `heartbeatMs` (a registry other processes read). `on-change`: beat when a task starts
   * or ends and never expire, with no timer (an in-process registry: nothing to keep a fake clock busy).
   * `none`: no registry at all. @default 'timer'
   */
  readonly mode?: 'timer' | 'on-change' | 'none';
}

/** How many heartbeats a record outlives its last beat: one late beat is forgiven, a dead worker is gone within three. */
export const heartbeatsToLive = 2.5;

/**
 * A worker's presence in the registry: a beat when it starts (`worker-online`), every `heartbeatMs`
 * (`worker-heartbeat`, with its running tasks and counts), and its removal when it stops (`worker-offline`).
 * A beat that fails (Redis away) is logged and the next one tries again; it never stops the worker.
 */
export class WorkerPresence {
  readonly #running = new Map<string, ActiveTask>();
  readonly #startedAt: number;
  #processed = 0;
  #cancel: (() => void) | undefined;
  #beating: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    readonly identity: WorkerIdentity,
    private readonly options: PresenceOptions,
    private readonly registry: WorkerRegistry,
    private readonly clock: Clock,
    private readonly emit: (event: CeleriacEvent) => void,
    private readonly logger: ObserveLogger,
  ) {
    this.#startedAt = clock.now();
  }

  /** Beats once (the worker is listed once this resolves) and keeps beating. */
  async start(): Promise<void> {
    await this.beat('worker-online');
    this.schedule();
  }

  taskStarted(task: Omit<ActiveTask, 'workerId'>): void {
    this.#running.set(key(task), { ...task, workerId: this.identity.id });
    if (this.mode === 'on-change') void this.write(this.clock.now());
  }

  taskEnded(task: Pick<ActiveTask, 'workflowId' | 'nodeId' | 'attempt'>): void {
    if (this.#running.delete(key(task))) this.#processed++;
    if (this.mode === 'on-change') void this.write(this.clock.now());
  }

  private get mode(): 'timer' | 'on-change' | 'none' {
    return this.options.mode ?? 'timer';
  }

  /** Stops beating and leaves the registry at once. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#cancel?.();
    // Neither waits long for a registry that is unreachable (the record expires on its own).
    try {
      await waitAtMost(this.clock, 100, this.#beating.then(() => this.registry.remove(this.identity.id)));
    } catch (error) {
      this.logger.warn({ err: error, workerId: this.identity.id }, `Could not remove worker ${this.identity.id} from the registry; it expires on its own`);
    }
    const { id, hostname, pid } = this.identity;
    this.emit({ type: 'worker-offline', at: this.clock.now(), workerId: id, hostname, pid });
  }

  record(now: number): WorkerRecord {
    const { id, hostname, pid } = this.identity;
    return {
      id,
      hostname,
      pid,
      queues: this.options.queues,
      concurrency: this.options.concurrency,
      active: this.#running.size,
      processed: this.#processed,
      startedAt: this.#startedAt,
      lastHeartbeatAt: now,
      tasks: [...this.options.tasks()].sort(),
      running: [...this.#running.values()],
    };
  }

  private schedule(): void {
    if (this.#stopped || this.mode !== 'timer') return;
    this.#cancel = this.clock.setTimer(this.options.heartbeatMs, () => {
      this.#beating = this.beat('worker-heartbeat').then(() => this.schedule());
    });
  }

  private async beat(type: 'worker-online' | 'worker-heartbeat'): Promise<void> {
    const now = this.clock.now();
    await this.write(now);
    const { hostname, pid } = this.identity;
    this.emit({ type, at: now, workerId: this.identity.id, hostname, pid });
  }

  private async write(now: number): Promise<void> {
    if (this.mode === 'none' || this.#stopped) return;
    const ttl = this.mode === 'timer' ? this.options.heartbeatMs * heartbeatsToLive : Number.MAX_SAFE_INTEGER - now;
    try {
      await this.registry.beat(this.record(now), ttl);
    } catch (error) {
      this.logger.warn({ err: error, workerId: this.identity.id }, `Worker ${this.identity.id} could not beat its heartbeat: ${(error as Error).message}`);
    }
  }
}

function key(task: Pick<ActiveTask, 'workflowId' | 'nodeId' | 'attempt'>): string {
  return `${task.workflowId}\n${task.nodeId}\n${task.attempt}`;
}
