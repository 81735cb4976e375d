import { randomUUID } from 'node:crypto';

/** Ids and randomness, injected for deterministic tests. */
export interface IdGenerator {
  workflowId(): string;
  /** A number in [0, 1), for backoff jitter. */
  random(): number;
}

export const randomIds: IdGenerator = { workflowId: () => randomUUID(), random: () => Math.random() };
