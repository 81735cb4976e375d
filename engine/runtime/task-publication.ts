import type { StoredOptions } from '../../canvas/options.js';
import type { Clock } from '../ports/clock.js';
import type { PublishedTask, TaskCatalog } from '../ports/task-catalog.js';
import type { TaskRegistry } from '../registry.js';

/** How often a worker publishes its tasks again; an entry lives three beats, so one lost beat drops nothing. */
export const catalogHeartbeatMs = 10_000;
export const catalogTtlMs = 3 * catalogHeartbeatMs;

/** The options a worker's registration lends to producers that never registered the task. */
const lent = ['retries', 'timeout', 'queue', 'rateLimit', 'backoff', 'retryOn'] as const;

export function lentOptions(options: StoredOptions): StoredOptions {
  const out: Record<string, unknown> = {};
  for (const name of lent) if (options[name] !== undefined) out[name] = options[name];
  return out as StoredOptions;
}

/**
 * A worker's entry in the task catalog: its tasks and their options, published when it starts and again every
 * heartbeat, withdrawn when it closes. A publish that fails (Redis away) is logged; the next beat tries again.
 */
export class TaskPublication {
  readonly #tasks: PublishedTask[];
  readonly #registeredAt: number;
  #cancel: (() => void) | undefined;
  #stopped = false;

  constructor(
    private readonly workerId: string,
    registry: TaskRegistry,
    private readonly catalog: TaskCatalog,
    private readonly clock: Clock,
    private readonly logError: (error: unknown) => void,
  ) {
    this.#tasks = registry.names().map((name) => ({ name, options: lentOptions(registry.get(name)!.options) }));
    this.#registeredAt = clock.now();
  }

  /** Publishes now and on every beat; resolves once the first publish is done (or failed and was logged). */
  start(): Promise<void> {
    const beat = async () => {
      await this.catalog.publish(this.workerId, this.#tasks, this.#registeredAt, catalogTtlMs, this.clock.now()).catch(this.logError);
      if (!this.#stopped) this.#cancel = this.clock.setTimer(catalogHeartbeatMs, () => void beat());
    };
    return beat();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancel?.();
    await this.catalog.withdraw(this.workerId, this.#tasks.map((task) => task.name)).catch(this.logError);
  }
}
