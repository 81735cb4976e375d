import type { Canvas } from '../../canvas/canvas.js';
import { WorkflowValidationError } from '../../canvas/errors.js';
import type { Json } from '../../canvas/json.js';
import type { Plan, PlannedTask } from '../../canvas/plan.js';
import type { Logger, Ports } from '../ports/index.js';
import type { TaskMessage } from '../ports/broker.js';
import type { TaskRegistry } from '../registry.js';
import type { WorkflowDriver } from './driver.js';
import type { PlanCache } from './plan-cache.js';
import { runHandler } from './run-handler.js';

/**
 * Handles one delivered task message, from any delivery (first, duplicate or after a crash):
 * expiry and rate limit, `beginAttempt`, the handler, then the workflow machine's step for how it ended.
 * A message for a node that already ended re-drives that node's propagation instead of running it again.
 */
export class TaskRunner {
  constructor(
    private readonly ports: Ports,
    private readonly registry: TaskRegistry,
    private readonly plans: PlanCache,
    private readonly driver: WorkflowDriver,
    private readonly logger: Logger,
    /** Starts the workflow that replaces a task (`ctx.replace`); throws WorkflowValidationError for a bad canvas. */
    private readonly replaceTask: (plan: Plan, nodeId: string, canvas: Canvas) => Promise<void>,
  ) {}

  /** `cancel` aborts when the workflow is revoked with terminate while this delivery is handled. */
  async handle(message: TaskMessage, cancel?: AbortSignal): Promise<void> {
    const { store, clock, ids, rateLimiter } = this.ports;
    const plan = await this.plans.get(message.workflowId);
    const node = plan?.nodes[message.nodeId];
    if (!plan || !node || node.kind !== 'task') {
      this.logger.warn(`Dropping a message for ${message.workflowId}:${message.nodeId}: no such workflow task (expired or never created)`);
      return;
    }
    if (node.options.expiresAt !== null && clock.now() > node.options.expiresAt) {
      return this.driver.dispatch(plan, { type: 'TASK_EXPIRED', nodeId: node.id, ...runOf(message) });
    }
    if (node.options.rateLimit) {
      const wait = await rateLimiter.acquireRateSlot(`task:${node.task}`, node.options.rateLimit, clock.now());
      if (wait > 0) return this.driver.dispatch(plan, { type: 'TASK_RATE_LIMITED', message, wait });
    }
    const begun = await store.beginAttempt(plan.workflowId, node.id, message.attempt);
    if (begun.kind === 'revoked') return;
    // Already ended: a redelivery, possibly after a crash between commit and propagation.
    if (begun.kind === 'settled') return this.driver.dispatch(plan, { type: 'TASK_REDELIVERED', nodeId: node.id, outcome: begun.outcome, ...runOf(message) });
    const result = await runHandler(this.registry, node, argsFor(node, message), contextFor(node, message), clock, cancel);
    // Revoked with terminate while it ran: the revoke settles every node; this covers a revoker that died first.
    if (result.ok === 'cancelled') return this.driver.dispatch(plan, { type: 'TASK_TERMINATED', nodeId: node.id, ...runOf(message) });
    if (result.ok === 'replaced') {
      try {
        // The replacement's end commits this node's outcome; until then the node stays STARTED.
        return await this.replaceTask(plan, node.id, result.canvas);
      } catch (error) {
        if (!(error instanceof WorkflowValidationError)) throw error;
        return this.driver.dispatch(plan, { type: 'REPLACEMENT_INVALID', nodeId: node.id, attempt: message.attempt, reason: error.message, random: ids.random(), ...runOf(message) });
      }
    }
    if (result.ok) {
      return this.driver.dispatch(plan, { type: 'TASK_SUCCEEDED', nodeId: node.id, value: result.value, ...runOf(message) });
    }
    return this.driver.dispatch(plan, {
      type: 'TASK_FAILED',
      nodeId: node.id,
      attempt: message.attempt,
      failure: result.failure,
      ...(message.input !== undefined ? { input: message.input } : {}),
      ...(result.retryDelay !== undefined ? { retryDelay: result.retryDelay } : {}),
      ...(result.requested ? { requested: true } : {}),
      ...runOf(message),
      random: ids.random(),
    });
  }
}

function runOf(message: TaskMessage): { run?: number } {
  return message.run !== undefined && message.run > 1 ? { run: message.run } : {};
}

/** A partial signature gets its input prepended; an immutable one (whose message has no input) gets its own args only. */
function argsFor(node: PlannedTask, message: TaskMessage): Json[] {
  return message.input !== undefined && !node.immutable ? [message.input, ...node.args] : [...node.args];
}

function contextFor(node: PlannedTask, message: TaskMessage) {
  return {
    taskId: `${message.workflowId}:${node.id}`,
    workflowId: message.workflowId,
    nodeId: node.id,
    taskName: node.task,
    attempt: message.attempt,
    retries: node.options.retries,
    idempotencyKey: `${message.workflowId}:${node.id}`,
  };
}
