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
    return (await revokeWorkflow(this.ports.store, this.driver, id, (workflowId) => this.plans.get(workflowId), options))?.status;
  }

  /**
   * A retried workflow's task ran again and replaced itself again (`ctx.replace`), so its replacement already
   * exists: if that ended FAILURE or REVOKED in an earlier run than `run`, retry it too, keeping what it had
   * committed; its end then settles the task. A replacement of the same run (a redelivered task) is left as it is.
   */
  async retryReplacement(replacementId: string, run: number): Promise<void> {
    if (run <= 1) return;
    const record = await this.ports.store.readWorkflow(replacementId);
    const status = record?.outcome?.status;
    if ((status === 'FAILURE' || status === 'REVOKED') && (record!.run ?? 1) < run) await this.retry(replacementId);
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
