import type { TaskState } from '../ports/outcome.js';
import type { Ports } from '../ports/index.js';
import type { WorkflowDriver } from '../runtime/driver.js';
import type { PlanCache } from '../runtime/plan-cache.js';
import { checkQueueName, purgeQueue, queueRateLimit, type PurgeResult } from './control/queues.js';
import { retryWorkflow } from './control/retry.js';
import { revokeWorkflow, type RevokeOptions } from './control/revoke.js';

/**
 * Steering runs from any process sharing the broker and the store: revoke (with terminate), retry from the
 * failure, purge, pause and resume a queue, and a queue's rate limit. What each promises is in
 * docs/reliability.md, "Steering a running fleet".
 */
export class Control {
  constructor(
    private readonly ports: Ports,
    private readonly plans: PlanCache,
    private readonly driver: WorkflowDriver,
  ) {}

  async revoke(id: string, options: RevokeOptions = {}): Promise<TaskState | undefined> {
    return (await revokeWorkflow(this.ports.store, this.driver, id, () => this.plans.get(id), options))?.status;
  }

  /** Resolves true when this call started the new run. */
  retry(id: string): Promise<boolean> {
    return retryWorkflow(this.ports, this.driver, id, () => this.plans.get(id));
  }

  purge(queue: string): Promise<PurgeResult> {
    return purgeQueue(this.ports.broker, queue, (id) => this.revoke(id));
  }

  async pause(queue: string): Promise<void> {
    checkQueueName(queue);
    await this.ports.broker.pause(queue);
  }

  async resume(queue: string): Promise<void> {
    checkQueueName(queue);
    await this.ports.broker.resume(queue);
  }

  isPaused(queue: string): Promise<boolean> {
    checkQueueName(queue);
    return this.ports.broker.isPaused(queue);
  }

  async setQueueRateLimit(queue: string, limit: string | null): Promise<void> {
    checkQueueName(queue);
    await this.ports.broker.setQueueRateLimit(queue, queueRateLimit(limit));
  }
}
