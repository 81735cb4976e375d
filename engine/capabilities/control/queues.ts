import { invalid } from '../../../canvas/errors.js';
import { parseRateLimit } from '../../../canvas/options.js';
import type { Broker } from '../../ports/broker.js';

/** What `app.purge()` dropped: how many task messages, and the workflows it ended REVOKED. */
export interface PurgeResult {
  readonly queue: string;
  readonly tasks: number;
  readonly workflows: readonly string[];
}

/** Checks a queue name as task options do. */
export function checkQueueName(queue: unknown, path = '/queue'): asserts queue is string {
  if (typeof queue !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(queue)) {
    invalid(path, `Expected a queue name of letters, digits, \`_\`, \`.\` or \`-\`, got \`${String(queue)}\` (${typeof queue})`);
  }
}

/**
 * Drops the queue's waiting and delayed tasks, then revokes each workflow one of them belonged to, so none is
 * left PENDING for ever (as BullMQ's own `drain()` would leave it). Tasks of those workflows that run on
 * other queues, or already run, are settled REVOKED by the revoke; handlers already running finish.
 */
export async function purgeQueue(broker: Broker, queue: string, revoke: (workflowId: string) => Promise<unknown>): Promise<PurgeResult> {
  checkQueueName(queue);
  const dropped = await broker.purge(queue);
  const workflows = [...new Set(dropped.map((message) => message.workflowId))];
  for (const workflowId of workflows) await revoke(workflowId);
  return { queue, tasks: dropped.length, workflows };
}

/** `'100/s'` as `{ max, perMs }`, or null to lift the limit; anything else is refused with a clear message. */
export function queueRateLimit(limit: unknown): { max: number; perMs: number } | null {
  if (limit === null) return null;
  const parsed = typeof limit === 'string' ? parseRateLimit(limit) : undefined;
  if (!parsed) invalid('/limit', `Expected a queue rate limit such as '100/s', '600/m' or '5/h' (or null to lift it), got \`${String(limit)}\` (${typeof limit})`);
  return parsed;
}
