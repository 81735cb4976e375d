import type { CatalogEntry, PublishedTask, TaskCatalog } from '../../engine/ports/task-catalog.js';

/** The task catalog in process memory: what workers of this process published, each entry until its TTL. */
export class MemoryTaskCatalog implements TaskCatalog {
  readonly #tasks = new Map<string, Map<string, CatalogEntry & { readonly expiresAt: number }>>();

  async publish(workerId: string, tasks: readonly PublishedTask[], registeredAt: number, ttlMs: number, now: number): Promise<void> {
    for (const task of tasks) {
      let entries = this.#tasks.get(task.name);
      if (!entries) this.#tasks.set(task.name, (entries = new Map()));
      entries.set(workerId, { workerId, options: structuredClone(task.options), registeredAt, expiresAt: now + ttlMs });
    }
  }

  async lookup(names: readonly string[], now: number): Promise<Map<string, CatalogEntry[]>> {
    const found = new Map<string, CatalogEntry[]>();
    for (const name of names) {
      const live = [...(this.#tasks.get(name)?.values() ?? [])].filter((entry) => entry.expiresAt > now);
      if (live.length > 0) found.set(name, live.map(({ workerId, options, registeredAt }) => ({ workerId, options: structuredClone(options), registeredAt })));
    }
    return found;
  }

  async withdraw(workerId: string, names: readonly string[]): Promise<void> {
    for (const name of names) this.#tasks.get(name)?.delete(workerId);
  }
}
