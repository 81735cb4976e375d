import type { Canvas } from '../../canvas/canvas.js';
import { WorkflowValidationError } from '../../canvas/errors.js';
import type { Json } from '../../canvas/json.js';
import type { Plan, PlannedTask } from '../../canvas/plan.js';
import type { Logger, Ports } from '../ports/index.js';
import type { TaskMessage } from '../ports/broker.js';
import type { WorkflowDriver } from './driver.js';
import type { PlanCache } from './plan-cache.js';
import type { HandlerPool } from '../pool/handler-pool.js';
import { workerCrashed } from '../errors/worker-crashed.js';

/** The worker a delivery came to: where its handler runs, and how many stalls its job may have had. */
export interface RunningWorker {
  readonly pool: HandlerPool;
  readonly maxStalls: number;
}

/**
 * Handles one delivered task message, from any delivery (first, duplicate or after a crash):
 * expiry and rate limit, `beginAttempt`, the handler, then the workflow machine's step for how it ended.
 * A message for a node that already ended re-drives that node's propagation instead of running it again.
 */
export class TaskRunner {
  constructor(
    private readonly ports: Ports,
    private readonly plans: PlanCache,
    private readonly driver: WorkflowDriver,
    private readonly logger: Logger,
    /** Starts the workflow that replaces a task (`ctx.replace`); throws WorkflowValidationError for a bad canvas. */
    private readonly replaceTask: (plan: Plan, nodeId: string, canvas: Canvas) => Promise<void>,
  ) {}

  async handle(delivered: TaskMessage, worker: RunningWorker): Promise<void> {
    // The stall count is the broker's news about this delivery, not part of the message to pass on.
    const { stalls = 0, ...message } = delivered;
    const { store, clock, ids, rateLimiter } = this.ports;
    const plan = await this.plans.forTask(message.workflowId, message.nodeId);
    const node = plan?.nodes[message.nodeId];
    if (!plan || !node || node.kind !== 'task') {
      this.logger.warn(`Dropping a message for ${message.workflowId}:${message.nodeId}: no such workflow task (expired or never created)`);
      return;
    }
    if (node.options.expiresAt !== null && clock.now() > node.options.expiresAt) {
      return this.driver.dispatch(plan, { type: 'TASK_EXPIRED', nodeId: node.id });
    }
    if (node.options.rateLimit) {
      const wait = await rateLimiter.acquireRateSlot(`task:${node.task}`, node.options.rateLimit, clock.now());
      if (wait > 0) return this.driver.dispatch(plan, { type: 'TASK_RATE_LIMITED', message, wait });
    }
    const begun = await store.beginAttempt(plan.workflowId, node.id, message.attempt);
    if (begun.kind === 'revoked') return;
    // Already ended: a redelivery, possibly after a crash between commit and propagation.
    if (begun.kind === 'settled') return this.driver.dispatch(plan, { type: 'TASK_REDELIVERED', nodeId: node.id, outcome: begun.outcome });
    if (stalls > worker.maxStalls) {
      // Its worker died or stalled each time it ran: running it again would take the next one down too.
      const failure = {
        type: 'TaskError',
        errorName: workerCrashed,
        taskName: node.task,
        nodeId: node.id,
        message: `Task '${node.task}' did not finish ${stalls} times: each time its worker crashed, or stalled long enough to lose the job's lock (a CPU-bound handler needs pool: 'threads'); failing it rather than running it again (\`maxStalls\` ${worker.maxStalls})`,
        nonRetryable: true,
      };
      this.logger.warn(failure.message);
      return this.driver.dispatch(plan, { type: 'TASK_FAILED', nodeId: node.id, attempt: message.attempt, failure, random: ids.random() });
    }
    const result = await worker.pool.run({ node, args: argsFor(node, message), context: contextFor(node, message), once: store });
    if (result.ok === 'replaced') {
      try {
        // The replacement's end commits this node's outcome; until then the node stays STARTED.
        return await this.replaceTask(plan, node.id, result.canvas);
      } catch (error) {
        if (!(error instanceof WorkflowValidationError)) throw error;
        return this.driver.dispatch(plan, { type: 'REPLACEMENT_INVALID', nodeId: node.id, attempt: message.attempt, reason: error.message, random: ids.random() });
      }
    }
    if (result.ok) {
      return this.driver.dispatch(plan, { type: 'TASK_SUCCEEDED', nodeId: node.id, value: result.value });
    }
    return this.driver.dispatch(plan, {
      type: 'TASK_FAILED',
      nodeId: node.id,
      attempt: message.attempt,
      failure: result.failure,
      ...(message.input !== undefined ? { input: message.input } : {}),
      ...(result.retryDelay !== undefined ? { retryDelay: result.retryDelay } : {}),
      random: ids.random(),
    });
  }
}

/** A partial signature gets its input prepended; an immutable one (whose message has no input) gets its own args only. */
function argsFor(node: PlannedTask, message: TaskMessage): Json[] {
  return message.input !== undefined && !node.immutable ? [message.input, ...node.args] : [...node.args];
}

function contextFor(node: PlannedTask, message: TaskMessage) {
  const idempotencyKey = `${message.workflowId}:${node.id}`;
  return {
    taskId: `${message.workflowId}:${node.id}`,
    workflowId: message.workflowId,
    nodeId: node.id,
    taskName: node.task,
    attempt: message.attempt,
    retries: node.options.retries,
    idempotencyKey,
  };
}
