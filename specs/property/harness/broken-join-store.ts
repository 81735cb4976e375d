import type { Json } from '../../../canvas/json.js';
import type { Plan } from '../../../canvas/plan.js';
import { MemoryResultStore } from '../../../adapters/memory/index.js';
import type { Outcome } from '../../../engine/ports/outcome.js';
import type { Clock } from '../../../engine/ports/clock.js';
import type { CommitResult, JoinSlot } from '../../../engine/ports/result-store.js';

/**
 * A deliberately wrong store: its join counts deliveries instead of distinct header indexes (Celery's
 * classic bug). The properties must catch it; see docs/reliability.md for how to watch them do so.
 */
export class BrokenJoinStore extends MemoryResultStore {
  readonly #joins = new Map<string, { count: number; parts: Map<number, Json> }>();

  constructor(clock: Clock) {
    super(clock);
  }

  override async createWorkflow(plan: Plan): Promise<void> {
    return super.createWorkflow(plan);
  }

  override async commitOutcome(workflowId: string, nodeId: string, outcome: Outcome, join?: JoinSlot): Promise<CommitResult> {
    const result = await super.commitOutcome(workflowId, nodeId, outcome);
    if (!join || result.outcome.status !== 'SUCCESS') return result;
    const key = `${workflowId}/${join.joinId}`;
    const state = this.#joins.get(key) ?? { count: 0, parts: new Map<number, Json>() };
    this.#joins.set(key, state);
    state.count++;
    state.parts.set(join.index, result.outcome.value);
    if (state.count !== join.size) return result;
    return { ...result, parts: Array.from({ length: join.size }, (_, i) => state.parts.get(i) ?? null) };
  }
}
