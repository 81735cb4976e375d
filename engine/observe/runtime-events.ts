import type { Json } from '../../canvas/json.js';
import type { Plan } from '../../canvas/plan.js';
import type { FailureData, Outcome } from '../ports/outcome.js';
import type { EnqueueRequest, TaskMessage } from '../ports/broker.js';
import type { Clock } from '../ports/clock.js';
import type { CeleriacEvent, EventError, EventType } from '../ports/events.js';

/** Who emits: the worker (for task events in a worker) or this process. */
export interface EmitterIdentity {
  readonly workerId?: string;
  readonly hostname: string;
  readonly pid: number;
}

/**
 * Builds the events the runtime emits from what it already has (the plan, the message, the outcome) and hands
 * them to `emit`. One method per moment of a task's or a workflow's life, so the runtime's edits stay one
 * line each. Arguments and results are added only with `includeArgs`.
 */
export class RuntimeEvents {
  constructor(
    private readonly emit: (event: CeleriacEvent) => void,
    private readonly clock: Clock,
    private readonly identity: EmitterIdentity,
    private readonly includeArgs: boolean,
  ) {}

  /** `task-sent` for each job: a first attempt, a retry, or a postponement. */
  sent(plan: Plan, jobs: readonly EnqueueRequest[]): void {
    const at = this.clock.now();
    for (const job of jobs) this.emit({ ...this.task('task-sent', plan, job.message, at), ...(this.includeArgs ? { args: argsOf(plan, job.message) } : {}) });
  }

  /** `task-received`: a worker took the message, before any check. */
  received(plan: Plan, message: TaskMessage): void {
    this.emit(this.task('task-received', plan, message, this.clock.now()));
  }

  /** `task-started`: the attempt begins (the store said run). Returns when, for the runtime. */
  started(plan: Plan, message: TaskMessage, args: readonly Json[]): number {
    const at = this.clock.now();
    // Clocks of the sending and the starting process may differ a little: a wait below zero is none.
    const wait = message.readyAt === undefined ? {} : { queueWaitMs: Math.max(0, at - message.readyAt) };
    this.emit({ ...this.task('task-started', plan, message, at), ...wait, ...(this.includeArgs ? { args } : {}) });
    return at;
  }

  /** `task-succeeded`, once per node: only the process whose commit wrote the outcome calls it. */
  succeeded(plan: Plan, message: TaskMessage, runtimeMs: number, value: Json): void {
    this.emit({ ...this.task('task-succeeded', plan, message, this.clock.now()), runtimeMs, ...(this.includeArgs ? { result: value } : {}) });
  }

  /** `task-failed`, once per node that failed by its own error: only the process whose commit wrote it calls it. */
  failed(plan: Plan, message: TaskMessage, runtimeMs: number | undefined, failure: FailureData): void {
    this.emit({ ...this.task('task-failed', plan, message, this.clock.now()), ...(runtimeMs !== undefined ? { runtimeMs } : {}), error: errorOf(failure) });
  }

  /** `task-retried`: this attempt failed and the next is sent, `retryInMs` from now. */
  retried(plan: Plan, message: TaskMessage, runtimeMs: number | undefined, failure: FailureData, retryInMs: number): void {
    this.emit({ ...this.task('task-retried', plan, message, this.clock.now()), ...(runtimeMs !== undefined ? { runtimeMs } : {}), error: errorOf(failure), retryInMs });
  }

  /** `task-revoked`: the task will not run (its workflow was revoked, or it expired before it started). */
  revoked(plan: Plan, message: TaskMessage): void {
    this.emit(this.task('task-revoked', plan, message, this.clock.now()));
  }

  workflowStarted(plan: Plan): void {
    this.emit({ type: 'workflow-started', at: this.clock.now(), workflowId: plan.workflowId, ...this.origin() });
  }

  /** `workflow-succeeded|failed|revoked`, once: only the process whose commit ended the root calls it. */
  workflowEnded(plan: Plan, outcome: Outcome): void {
    const type: EventType = outcome.status === 'SUCCESS' ? 'workflow-succeeded' : outcome.status === 'FAILURE' ? 'workflow-failed' : 'workflow-revoked';
    const error = outcome.status === 'FAILURE' ? { error: errorOf(outcome.failure) } : {};
    this.emit({ type, at: this.clock.now(), workflowId: plan.workflowId, ...this.origin(), ...error, ...(this.includeArgs && outcome.status === 'SUCCESS' ? { result: outcome.value } : {}) });
  }

  private task(type: EventType, plan: Plan, message: TaskMessage, at: number): CeleriacEvent {
    const node = plan.nodes[message.nodeId];
    return {
      type,
      at,
      workflowId: plan.workflowId,
      nodeId: message.nodeId,
      ...(node?.parent ? { parentId: node.parent } : {}),
      ...(node?.kind === 'task' ? { taskName: node.task } : {}),
      attempt: message.attempt,
      ...this.origin(),
    };
  }

  private origin(): Pick<CeleriacEvent, 'workerId' | 'hostname' | 'pid'> {
    const { workerId, hostname, pid } = this.identity;
    return { ...(workerId ? { workerId } : {}), hostname, pid };
  }
}

/** What the handler will be called with: the message's input (unless immutable) then the node's own args. */
function argsOf(plan: Plan, message: TaskMessage): Json[] {
  const node = plan.nodes[message.nodeId];
  if (node?.kind !== 'task') return [];
  return message.input !== undefined && !node.immutable ? [message.input, ...node.args] : [...node.args];
}

/** An event's error: the thrown error's name as `type` (as `errorName` in a FailureDescription), its message and stack. */
export function errorOf(failure: FailureData): EventError {
  let origin = failure;
  while (origin.cause) origin = origin.cause;
  return { type: failure.errorName ?? failure.type, message: failure.message, ...(origin.remoteStack ? { stack: origin.remoteStack } : {}) };
}
