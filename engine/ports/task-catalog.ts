import type { StoredOptions } from '../../canvas/options.js';

/** One worker's registration of one task: the options it registered, and since when. */
export interface CatalogEntry {
  readonly workerId: string;
  readonly options: StoredOptions;
  /** Epoch ms when the worker started (registered its tasks); the newest registration wins. */
  readonly registeredAt: number;
}

/** A task a worker publishes: its name and the options producers should apply by default. */
export interface PublishedTask {
  readonly name: string;
  readonly options: StoredOptions;
}

/**
 * The task registry that workers publish, so a producer applying a task by a name it never registered uses the
 * options the workers registered (`retries`, `timeout`, `queue`, `rateLimit`, `backoff`, `retryOn`). Entries
 * live `ttlMs` after their last publish: a worker's heartbeat publishes again, and a worker that stopped
 * beating drops out.
 *
 * Does not promise: that a lookup sees a registration published a moment earlier by another process, nor
 * to agree on anything when workers register different options for one name (the caller decides).
 */
export interface TaskCatalog {
  publish(workerId: string, tasks: readonly PublishedTask[], registeredAt: number, ttlMs: number, now: number): Promise<void>;
  /** The live registrations of each name (names nobody registered are left out). */
  lookup(names: readonly string[], now: number): Promise<Map<string, CatalogEntry[]>>;
  /** Removes a worker's registrations (it is closing). Best effort and prompt: an entry it cannot remove now lapses with its TTL. */
  withdraw(workerId: string, names: readonly string[]): Promise<void>;
}
