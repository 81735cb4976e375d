import type { SourceEvent } from './source.js';
import type { AttemptView, NodeState } from './wire.js';

const STATE_OF: Readonly<Record<string, NodeState>> = {
  'task-started': 'STARTED',
  'task-retried': 'RETRY',
  'task-succeeded': 'SUCCESS',
  'task-failed': 'FAILURE',
  'task-revoked': 'REVOKED',
};

/**
 * Attempts of tasks as told by the event stream (start time, run time, worker, error): the store keeps only
 * outcomes, so this is where a node's timings come from. It knows what happened while this server listened,
 * for the most recent `capacity` tasks.
 */
export class AttemptLog {
  readonly #byNode = new Map<string, AttemptView[]>();
  readonly #capacity: number;

  constructor(capacity = 20_000) {
    this.#capacity = capacity;
  }

  record(event: SourceEvent): void {
    const state = STATE_OF[event.type];
    if (!state || event.workflowId === undefined || event.nodeId === undefined) return;
    const key = `${event.workflowId}\u0000${event.nodeId}`;
    let attempts = this.#byNode.get(key);
    if (!attempts) {
      if (this.#byNode.size >= this.#capacity) this.#byNode.delete(this.#byNode.keys().next().value!);
      attempts = [];
      this.#byNode.set(key, attempts);
    }
    const number = event.attempt ?? (attempts.at(-1)?.attempt ?? 0) + (state === 'STARTED' ? 1 : 0);
    const index = attempts.findIndex((a) => a.attempt === number);
    const before = index >= 0 ? attempts[index]! : { attempt: number, state };
    const next: AttemptView = {
      ...before,
      state,
      ...(state === 'STARTED' ? { startedAt: event.at } : {}),
      ...(event.runtimeMs !== undefined ? { runtimeMs: event.runtimeMs } : {}),
      ...(event.workerId !== undefined ? { workerId: event.workerId } : {}),
      ...(event.hostname !== undefined ? { hostname: event.hostname } : {}),
      ...(event.error ? { error: event.error } : {}),
    };
    if (index >= 0) attempts[index] = next;
    else attempts.push(next);
  }

  attempts(workflowId: string, nodeId: string): readonly AttemptView[] {
    return this.#byNode.get(`${workflowId}\u0000${nodeId}`) ?? [];
  }
}
