import type { Plan } from '../../canvas/plan.js';
import type { ResultStore } from '../ports/result-store.js';

/**
 * Plans never change once created, so each worker keeps the most recently used ones in memory. The bound is
 * in nodes, not plans: a single task's plan is a few hundred bytes, a 1,000-member chord's a few hundred kB,
 * and a count of plans either thrashes on many small workflows or holds too much of large ones.
 */
export class PlanCache {
  readonly #plans = new Map<string, { plan: Plan; nodes: number }>();
  #nodes = 0;

  constructor(
    private readonly store: ResultStore,
    private readonly maxNodes = 250_000,
  ) {}

  async get(workflowId: string): Promise<Plan | undefined> {
    const cached = this.#plans.get(workflowId);
    if (cached) {
      // Re-insert to keep Map order as recency order.
      this.#plans.delete(workflowId);
      this.#plans.set(workflowId, cached);
      return cached.plan;
    }
    const plan = await this.store.loadPlan(workflowId);
    if (plan) this.remember(plan);
    return plan;
  }

  remember(plan: Plan): void {
    if (this.#plans.has(plan.workflowId)) return;
    const nodes = Object.keys(plan.nodes).length;
    this.#plans.set(plan.workflowId, { plan, nodes });
    this.#nodes += nodes;
    for (const [id, entry] of this.#plans) {
      if (this.#nodes <= this.maxNodes || this.#plans.size === 1) break;
      this.#plans.delete(id);
      this.#nodes -= entry.nodes;
    }
  }
}
