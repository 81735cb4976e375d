import type { Outcome } from '../../../engine/ports/outcome.js';
import { MemoryResultStore } from '../../../adapters/memory/index.js';
import type { Clock } from '../../../engine/ports/clock.js';

/**
 * A deliberately wrong store: `settleMany` writes nothing, so the nodes a failure cascades to (the steps after
 * a failed one, a failed chord's body) stay PENDING. The workflow still ends as it should: only the check of
 * every node's final state can catch it, and the meta test makes sure it does.
 */
export class CascadeSkippingStore extends MemoryResultStore {
  constructor(clock: Clock) {
    super(clock);
  }

  override async settleMany(_workflowId: string, _nodeIds: readonly string[], _outcome: Outcome): Promise<void> {}
}
