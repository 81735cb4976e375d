import type { Canvas } from '../../canvas/canvas.js';
import { WorkflowValidationError } from '../../canvas/errors.js';
import type { Json } from '../../canvas/json.js';
import type { Plan, PlannedTask } from '../../canvas/plan.js';
import type { Logger, Ports } from '../ports/index.js';
import type { DeliveryEnd, TaskMessage } from '../ports/broker.js';
import type { WorkflowDriver } from './driver.js';
import type { PlanCache } from './plan-cache.js';
import type { HandlerPool, PoolJob } from '../pool/handler-pool.js';
import type { AttemptResult } from './run-handler.js';
import { workerCrashed } from '../errors/worker-crashed.js';
import { emissionScope, withEmissionScope, type EmissionScope } from '../observe/emission-scope.js';
import type { FailureData } from '../ports/outcome.js';
import type { AttemptResult as RunResult } from './run-handler.js';
import { inAttempt, type Tracing } from '../observe/tracing.js';
import { errorOf } from '../observe/runtime-events.js';

/** The worker a delivery came to: where its handler runs, and how many stalls its job may have had. */
export interface RunningWorker {
  readonly pool: HandlerPool;
  readonly maxStalls: number;
  /** How long a terminated handler in a thread or process may go on before its child is killed. */
  readonly terminateGraceMs: number;
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
    private readonly replaceTask: (plan: Plan, nodeId: string, canvas: Canvas, run: number) => Promise<void>,
    /** Records each attempt as a span of its workflow's trace. */
    private readonly tracing?: Tracing,
  ) {}

  /**
   * `cancel` aborts when the workflow is revoked with terminate while this delivery is handled. Resolves with how
   * the delivery was handled, for the broker to show (BullMQ: the job's return value, or a failed job).
   */
  async handle(delivered: TaskMessage, worker: RunningWorker, cancel?: AbortSignal): Promise<DeliveryEnd> {
    // The stall count is the broker's news about this delivery, not part of the message to pass on.
    const { stalls = 0, ...message } = delivered;
    const { store, clock, rateLimiter } = this.ports;
    const plan = await this.plans.forTask(message.workflowId, message.nodeId);
    const node = plan?.nodes[message.nodeId];
    if (!plan || !node || node.kind !== 'task') {
      this.logger.warn(`Dropping a message for ${message.workflowId}:${message.nodeId}: no such workflow task (expired or never created)`);
      return { state: 'DROPPED' };
    }
    const task = node.task;
    const scope = emissionScope();
    scope?.events.received(plan, message);
    if (node.options.expiresAt !== null && clock.now() > node.options.expiresAt) {
      await this.driver.dispatch(plan, { type: 'TASK_EXPIRED', nodeId: node.id, ...runOf(message) });
      return { state: 'REVOKED', task };
    }
    if (node.options.rateLimit) {
      const wait = await rateLimiter.acquireRateSlot(`task:${node.task}`, node.options.rateLimit, clock.now());
      if (wait > 0) {
        await this.driver.dispatch(plan, { type: 'TASK_RATE_LIMITED', message, wait });
        return { state: 'POSTPONED', task, retryInMs: wait };
      }
    }
    const begun = await store.beginAttempt(plan.workflowId, node.id, message.attempt, message.run ?? 1);
    if (begun.kind === 'stale') {
      // Sent before app.retry() reopened the workflow; the new run sent this task again if it still needs it.
      this.logger.info(`Dropping a message of run ${message.run ?? 1} for ${message.workflowId}:${message.nodeId}: the workflow was retried and is in run ${begun.run}`);
      return { state: 'DROPPED' };
    }
    if (begun.kind === 'revoked') {
      scope?.events.revoked(plan, message);
      return { state: 'REVOKED', task };
    }
    // Already ended: a redelivery, possibly after a crash between commit and propagation.
    if (begun.kind === 'settled') {
      await this.driver.dispatch(plan, { type: 'TASK_REDELIVERED', nodeId: node.id, outcome: begun.outcome, ...runOf(message) });
      return { state: 'SETTLED', task, outcome: begun.outcome.status };
    }
    if (stalls > worker.maxStalls) {
      // Its worker died or stalled each time it ran: running it again would take the next one down too.
      const failure: FailureData = {
        type: 'TaskError',
        errorName: workerCrashed,
        taskName: node.task,
        nodeId: node.id,
        message: `Task '${node.task}' did not finish ${stalls} times: each time its worker crashed, or stalled long enough to lose the job's lock (a CPU-bound handler needs pool: 'threads'); failing it rather than running it again (\`maxStalls\` ${worker.maxStalls})`,
        nonRetryable: true,
      };
      this.logger.warn(failure.message);
      return this.finish(scope, plan, node, message, 0, { ok: false, failure });
    }
    const args = argsFor(node, message);
    const startedAt = scope ? scope.events.started(plan, message, args) : clock.now();
    const span = this.tracing?.attempt(plan, node, message, startedAt, scope?.presence?.identity.id);
    if (!span) return this.run(scope, plan, node, message, args, startedAt, worker, cancel);
    let ended: DeliveryEnd = { state: 'FAILURE', task };
    try {
      // The handler and the attempt's end run in the span's context: spans they start (a nested apply) are its children.
      ended = await inAttempt(span, () => this.run(scope, plan, node, message, args, startedAt, worker, cancel));
      return ended;
    } finally {
      span.end(ended);
    }
  }

  /** Runs the attempt that began at `startedAt` and carries out how it ended. */
  private async run(
    scope: EmissionScope | undefined,
    plan: Plan,
    node: PlannedTask,
    message: TaskMessage,
    args: Json[],
    startedAt: number,
    worker: RunningWorker,
    cancel: AbortSignal | undefined,
  ): Promise<DeliveryEnd> {
    const { clock } = this.ports;
    scope?.presence?.taskStarted({ workflowId: plan.workflowId, nodeId: node.id, taskName: node.task, attempt: message.attempt, startedAt });
    let result: RunResult | 'cancelled';
    try {
      // With a thread or process pool the handler runs in a child; its events come from here, the parent.
      result = await runCancellable(worker, { node, args, context: contextFor(node, message), once: this.ports.store }, cancel);
    } finally {
      scope?.presence?.taskEnded({ workflowId: plan.workflowId, nodeId: node.id, attempt: message.attempt });
    }
    if (result === 'cancelled') {
      // Revoked with terminate while it ran: this attempt is revoked. The revoke settles every node; the
      // dispatch covers a revoker that died first.
      scope?.events.revoked(plan, message);
      await this.driver.dispatch(plan, { type: 'TASK_TERMINATED', nodeId: node.id, ...runOf(message) });
      return { state: 'REVOKED', task: node.task };
    }
    return this.finish(scope, plan, node, message, clock.now() - startedAt, result);
  }

  /**
   * Carries out how the attempt ended (its replacement, its success or its failure) inside an emission scope
   * that names the attempt, so the driver's events carry its runtime and its error.
   */
  private finish(scope: EmissionScope | undefined, plan: Plan, node: PlannedTask, message: TaskMessage, runtimeMs: number, result: RunResult): Promise<DeliveryEnd> {
    if (!scope) return this.settle(plan, node, message, result);
    const attempt = { message, runtimeMs, ...(result.ok === false ? { failure: result.failure } : {}) };
    return withEmissionScope({ ...scope, attempt }, () => this.settle(plan, node, message, result));
  }

  private async settle(plan: Plan, node: PlannedTask, message: TaskMessage, result: RunResult): Promise<DeliveryEnd> {
    const { ids } = this.ports;
    const task = node.task;
    if (result.ok === 'replaced') {
      try {
        // The replacement's end commits this node's outcome; until then the node stays STARTED.
        await this.replaceTask(plan, node.id, result.canvas, message.run ?? 1);
        return { state: 'REPLACED', task };
      } catch (error) {
        if (!(error instanceof WorkflowValidationError)) throw error;
        const effects = await this.driver.dispatch(plan, { type: 'REPLACEMENT_INVALID', nodeId: node.id, attempt: message.attempt, reason: error.message, random: ids.random(), ...runOf(message) });
        const committed = effects.find((effect) => effect.type === 'commit');
        return committed?.type === 'commit' && committed.outcome.status === 'FAILURE' ? { state: 'FAILURE', task, error: errorOf(committed.outcome.failure) } : { state: 'FAILURE', task };
      }
    }
    if (result.ok) {
      await this.driver.dispatch(plan, { type: 'TASK_SUCCEEDED', nodeId: node.id, value: result.value, ...runOf(message) });
      return { state: 'SUCCESS', task };
    }
    const effects = await this.driver.dispatch(plan, {
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
    const retry = effects.find((effect) => effect.type === 'retry');
    const error = errorOf(result.failure);
    return retry?.type === 'retry' ? { state: 'RETRY', task, retryInMs: retry.job.delay, error } : { state: 'FAILURE', task, error };
  }
}

/**
 * Runs the attempt in the worker's pool; when `cancel` aborts, the pool terminates it (its signal is aborted, and
 * a thread or process still running it after `terminateGraceMs` is killed) and the attempt ends `cancelled`,
 * however the handler ended. The inline pool cannot kill a handler that ignores its signal: the attempt ends at
 * once and the handler runs on unseen.
 */
async function runCancellable(worker: RunningWorker, job: PoolJob, cancel: AbortSignal | undefined): Promise<AttemptResult | 'cancelled'> {
  if (!cancel) return worker.pool.run(job);
  if (cancel.aborted) return 'cancelled';
  const taskId = job.context.taskId;
  let stopListening = () => {};
  const cancelled = new Promise<'cancelled'>((resolve) => {
    const onAbort = () => {
      worker.pool.terminate(taskId, worker.terminateGraceMs);
      resolve('cancelled');
    };
    cancel.addEventListener('abort', onAbort, { once: true });
    stopListening = () => cancel.removeEventListener('abort', onAbort);
  });
  const running = worker.pool.run(job);
  try {
    if (worker.pool.kind === 'inline') {
      // Whatever the abandoned handler does later is not ours to report.
      running.catch(() => undefined);
      return await Promise.race([running, cancelled]);
    }
    // A child pool ends the attempt once the handler stopped or its child was killed: the job is held until then.
    const result = await running;
    return cancel.aborted ? 'cancelled' : result;
  } finally {
    stopListening();
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
