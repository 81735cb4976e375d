import { MemoryResultStore } from '../../../adapters/memory/index.js';
import type { Clock } from '../../../engine/ports/clock.js';
import type { BeginResult } from '../../../engine/ports/result-store.js';

/**
 * A deliberately wrong store: `beginAttempt` ignores the revoked mark, so tasks go on starting after a revoke
 * (their results are then cascaded away, and the workflow still ends REVOKED). Only the check that no attempt
 * begins after a revoke can catch it, and the meta test makes sure it does.
 */
export class RevokeIgnoringStore extends MemoryResultStore {
  #revoked = new Set<string>();

  constructor(clock: Clock) {
    super(clock);
  }

  override async revokeWorkflow(workflowId: string) {
    this.#revoked.add(workflowId);
    return super.revokeWorkflow(workflowId);
  }

  override async beginAttempt(workflowId: string, nodeId: string, attempt: number): Promise<BeginResult> {
    if (!this.#revoked.has(workflowId)) return super.beginAttempt(workflowId, nodeId, attempt);
    const node = await this.readNode(workflowId, nodeId);
    return node.outcome ? { kind: 'settled', outcome: node.outcome } : { kind: 'run' };
  }
}
