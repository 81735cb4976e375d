import type { Plan, PlannedNode, PlannedTask } from '../../canvas/plan.js';
import type { ResultStore } from '../ports/result-store.js';

interface Entry {
  readonly plan: Plan;
  readonly bytes: number;
  /** Task nodes whose arguments were left out of the cached plan: a run of one of them loads the plan again. */
  readonly dropped: ReadonlySet<string>;
}

export interface PlanCacheOptions {
  /** The cache's bound, counted as the JSON size of the plans it holds. @default 64 MiB */
  readonly maxBytes?: number;
  /** Task arguments larger than this (as JSON) are not kept: each is needed by one run of one node. @default 4 KiB */
  readonly keepArgsBytes?: number;
}

/**
 * Plans never change once created, so each worker keeps the most recently used ones in memory, bounded by their
 * size in bytes: a count of plans or of nodes either thrashes on many small workflows or holds far too much of a
 * few large ones (600 plans with a 1 MB argument each are 600 MB). Large task arguments are dropped from what
 * is kept: only that task's run needs them, and it loads the plan again; every other use of a plan (propagation,
 * joins, replacements) needs only its shape. Concurrent misses for one plan share one load.
 */
export class PlanCache {
  readonly #entries = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<Plan | undefined>>();
  readonly #maxBytes: number;
  readonly #keepArgsBytes: number;
  #bytes = 0;

  constructor(
    private readonly store: ResultStore,
    options: PlanCacheOptions = {},
  ) {
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.#keepArgsBytes = options.keepArgsBytes ?? 4096;
  }

  /** The plan's shape; task nodes may lack large arguments (use `forTask` to run one). */
  async get(workflowId: string): Promise<Plan | undefined> {
    const cached = this.#touch(workflowId);
    return cached ? cached.plan : this.#load(workflowId);
  }

  /** The plan, with the arguments of task `nodeId` present. */
  async forTask(workflowId: string, nodeId: string): Promise<Plan | undefined> {
    const cached = this.#touch(workflowId);
    if (cached && !cached.dropped.has(nodeId)) return cached.plan;
    return this.#load(workflowId);
  }

  /** The number of bytes held, for tests and stats. */
  get bytes(): number {
    return this.#bytes;
  }

  #touch(workflowId: string): Entry | undefined {
    const cached = this.#entries.get(workflowId);
    if (cached) {
      // Re-insert to keep Map order as recency order.
      this.#entries.delete(workflowId);
      this.#entries.set(workflowId, cached);
    }
    return cached;
  }

  /** Loads the whole plan (one load in flight per plan) and keeps its slimmed copy. */
  #load(workflowId: string): Promise<Plan | undefined> {
    let loading = this.#loading.get(workflowId);
    if (!loading) {
      loading = this.store.loadPlan(workflowId).then(
        (plan) => {
          this.#loading.delete(workflowId);
          if (plan) this.#remember(plan);
          return plan;
        },
        (error: unknown) => {
          this.#loading.delete(workflowId);
          throw error;
        },
      );
      this.#loading.set(workflowId, loading);
    }
    return loading;
  }

  #remember(plan: Plan): void {
    const old = this.#entries.get(plan.workflowId);
    if (old) {
      this.#entries.delete(plan.workflowId);
      this.#bytes -= old.bytes;
    }
    const dropped = new Set<string>();
    const nodes: Record<string, PlannedNode> = {};
    for (const [id, node] of Object.entries(plan.nodes)) {
      if (node.kind === 'task' && node.args.length > 0 && JSON.stringify(node.args).length > this.#keepArgsBytes) {
        dropped.add(id);
        nodes[id] = { ...node, args: [] } satisfies PlannedTask;
      } else {
        nodes[id] = node;
      }
    }
    const slim: Plan = dropped.size === 0 ? plan : { ...plan, nodes };
    const bytes = JSON.stringify(slim).length;
    // A plan bigger than the whole budget would only push everything else out.
    if (bytes > this.#maxBytes) return;
    this.#entries.set(plan.workflowId, { plan: slim, bytes, dropped });
    this.#bytes += bytes;
    for (const [id, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(id);
      this.#bytes -= entry.bytes;
    }
  }
}
