import type { Plan } from '../../canvas/plan.js';
import type { ResultStore } from '../ports/result-store.js';

/** Plans never change once created, so each worker keeps the most recently used ones in memory. */
export class PlanCache {
  readonly #plans = new Map<string, Plan>();
  constructor(
    private readonly store: ResultStore,
    private readonly capacity = 1000,
  ) {}

  async get(workflowId: string): Promise<Plan | undefined> {
    const cached = this.#plans.get(workflowId);
    if (cached) {
      // Re-insert to keep Map order as recency order.
      this.#plans.delete(workflowId);
      this.#plans.set(workflowId, cached);
      return cached;
    }
    const plan = await this.store.loadPlan(workflowId);
    if (plan) this.remember(plan);
    return plan;
  }

  remember(plan: Plan): void {
    this.#plans.set(plan.workflowId, plan);
    if (this.#plans.size > this.capacity) this.#plans.delete(this.#plans.keys().next().value!);
  }
}
