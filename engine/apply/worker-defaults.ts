import type { Canvas } from '../../canvas/canvas.js';
import type { StoredOptions } from '../../canvas/options.js';
import { walkTasks } from '../contracts/walk.js';
import type { Clock } from '../ports/clock.js';
import type { CatalogEntry, TaskCatalog } from '../ports/task-catalog.js';
import type { TaskRegistry } from '../registry.js';

/** How long a producer reuses what it looked up, so applying by name in a loop costs one lookup per interval. */
const cacheMs = 5_000;

/**
 * Task defaults for a producer: its own registration of a task if it has one, else the options the workers
 * published for it (precedence in a plan: signature > enclosing canvas > these > built-in defaults). When
 * workers registered different options for one name (a rolling deploy), the newest registration wins and a
 * warning names the workers and both option sets, once per disagreement.
 */
export class WorkerDefaults {
  readonly #cache = new Map<string, { readonly options: StoredOptions | undefined; readonly at: number }>();
  readonly #warned = new Set<string>();

  constructor(
    private readonly registry: TaskRegistry,
    private readonly catalog: TaskCatalog | undefined,
    private readonly clock: Clock,
    private readonly warn: (message: string) => void,
  ) {}

  /** The defaults of every task the canvases use, looked up at once; a function for `plan()`. */
  async for(canvases: readonly Canvas[]): Promise<(task: string) => StoredOptions | undefined> {
    const local = (task: string) => this.registry.get(task)?.options;
    if (!this.catalog) return local;
    const now = this.clock.now();
    const unknown = new Set<string>();
    for (const canvas of canvases) for (const site of walkTasks(canvas)) if (!this.registry.get(site.signature.task)) unknown.add(site.signature.task);
    const stale = [...unknown].filter((name) => !(now - (this.#cache.get(name)?.at ?? -Infinity) < cacheMs));
    if (stale.length > 0) {
      const found = await this.catalog.lookup(stale, now);
      for (const name of stale) this.#cache.set(name, { options: this.choose(name, found.get(name) ?? []), at: now });
    }
    return (task) => local(task) ?? this.#cache.get(task)?.options;
  }

  private choose(name: string, entries: readonly CatalogEntry[]): StoredOptions | undefined {
    if (entries.length === 0) return undefined;
    const newest = [...entries].sort((a, b) => b.registeredAt - a.registeredAt || a.workerId.localeCompare(b.workerId))[0]!;
    const differing = entries.filter((entry) => JSON.stringify(entry.options) !== JSON.stringify(newest.options));
    if (differing.length > 0) {
      const key = `${name} ${JSON.stringify(newest.options)} ${differing.map((e) => JSON.stringify(e.options)).join(' ')}`;
      if (!this.#warned.has(key)) {
        this.#warned.add(key);
        const others = differing.map((e) => `worker ${e.workerId} registered ${JSON.stringify(e.options)}`).join('; ');
        this.warn(`Task '${name}' is registered with different options by different workers: ${others}; using the newest registration, worker ${newest.workerId}'s ${JSON.stringify(newest.options)}`);
      }
    }
    return newest.options;
  }
}
