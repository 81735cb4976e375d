import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, isSpanContextValid, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { Plan, PlannedTask, PlanTrace } from '../../canvas/plan.js';
import type { DeliveryEnd, EnqueueRequest, TaskMessage } from '../ports/broker.js';
import type { Clock } from '../ports/clock.js';
import type { EventError } from '../ports/events.js';
import type { Outcome } from '../ports/outcome.js';
import { errorOf } from './runtime-events.js';
import { workflowName } from '../ports/workflow-list.js';
import { derivedParent, formatTraceparent, parseTraceparent, type ParentContext } from './traceparent.js';

/** One attempt's span, open while the attempt runs and its end is carried out. */
export interface AttemptSpan {
  /** The context the handler and the attempt's end run in, so spans they start are children of this one. */
  readonly context: Context;
  /** Ends the span with how the attempt ended: its state (`celeriac.state`), its error, the wait before a retry. */
  end(ended: DeliveryEnd): void;
}

/**
 * The workflow's trace through `@opentelemetry/api`: with no tracer provider registered every call is the API's
 * no-op (no span, no id kept, nothing added to plans or messages). A span starts and ends in one process, and a
 * workflow outlives the process that applied it, so:
 * - the applying process records the workflow's span and one span per chain, group and chord, as the plan's
 *   tree, for the time `apply` took (storing the plan, sending the first tasks), and keeps their ids in the
 *   plan (`plan.trace`);
 * - each task message carries the `traceparent` of its attempt's parent span, from those ids, whichever process
 *   sends it;
 * - the worker records each attempt as a span under it: task name, node id, attempt, state, error;
 * - the process whose commit ends the workflow records a short `workflow ... ended` span under the workflow's,
 *   with the workflow's state and error.
 */
export class Tracing {
  readonly #tracer: Tracer;

  constructor(private readonly clock: Clock) {
    // The API's tracer is a proxy: a provider registered after the app was created is used from then on.
    this.#tracer = trace.getTracer('celeriac');
  }

  /**
   * Starts the spans of a workflow being applied, as children of the caller's active span (an HTTP request, a
   * task that applies a workflow), and returns the plan with their ids, and `end` for when apply is done.
   */
  planned(plan: Plan): { plan: Plan; end: () => void } {
    const now = this.clock.now();
    const name = workflowName(plan) ?? plan.workflowId;
    const root = this.#tracer.startSpan(`workflow ${name}`, { kind: SpanKind.PRODUCER, startTime: now, attributes: { 'celeriac.workflow.id': plan.workflowId, 'celeriac.workflow.name': name } }, context.active());
    const rootContext = root.spanContext();
    // No provider (or a non-recording parent that has no valid ids): nothing to carry.
    if (!isSpanContextValid(rootContext)) return { plan, end: () => root.end() };
    const opened: Span[] = [root];
    const spans: Record<string, string> = {};
    const open = (nodeId: string, parent: Context): void => {
      const node = plan.nodes[nodeId];
      if (!node) return;
      if (node.kind === 'task') return;
      const span = this.#tracer.startSpan(node.kind, { startTime: now, attributes: nodeAttributes(plan, nodeId) }, parent);
      opened.push(span);
      spans[nodeId] = span.spanContext().spanId;
      const inner = trace.setSpan(parent, span);
      for (const child of node.kind === 'chord' ? [...node.children, node.body] : node.children) open(child, inner);
    };
    const workflowContext = trace.setSpan(context.active(), root);
    // The root and the detached callbacks (links, errbacks) hang from the workflow's span.
    for (const [id, node] of Object.entries(plan.nodes)) if (node.parent === null) open(id, workflowContext);
    const traced: PlanTrace = { traceId: rootContext.traceId, traceFlags: rootContext.traceFlags, workflowSpan: rootContext.spanId, spans };
    return {
      plan: { ...plan, trace: traced },
      end: () => {
        const at = this.clock.now();
        for (const span of opened.reverse()) span.end(at);
      },
    };
  }

  /** The jobs with each message's `traceparent`, when the plan is traced (else the same jobs). */
  stamp(plan: Plan, jobs: readonly EnqueueRequest[]): readonly EnqueueRequest[] {
    const traced = plan.trace;
    if (!traced) return jobs;
    return jobs.map((job) => ({ ...job, message: { ...job.message, traceparent: traceparentOf(plan, traced, job.message.nodeId) } }));
  }

  /**
   * Starts the span of an attempt that begins now, under the message's `traceparent`; a message without one (its
   * producer had no provider) gets a parent derived from the workflow id, so its workflow is still one trace.
   */
  attempt(plan: Plan, node: PlannedTask, message: TaskMessage, startedAt: number, workerId: string | undefined): AttemptSpan {
    const parent: ParentContext = parseTraceparent(message.traceparent) ?? derivedParent(plan.workflowId);
    const parentContext = trace.setSpanContext(context.active(), { ...parent, isRemote: true });
    const attributes: Attributes = { ...nodeAttributes(plan, node.id), 'celeriac.task.name': node.task, 'celeriac.attempt': message.attempt, ...(workerId ? { 'celeriac.worker.id': workerId } : {}) };
    const span = this.#tracer.startSpan(node.task, { kind: SpanKind.CONSUMER, startTime: startedAt, attributes }, parentContext);
    const spanContext = trace.setSpan(parentContext, span);
    if (!span.isRecording()) return { context: spanContext, end: () => span.end() };
    return {
      context: spanContext,
      end: (ended) => {
        span.setAttribute('celeriac.state', ended.state);
        if (ended.retryInMs !== undefined) span.setAttribute('celeriac.retry_in_ms', ended.retryInMs);
        if (ended.error) fail(span, ended.error);
        span.end(this.clock.now());
      },
    };
  }

  /** The `workflow ... ended` span, recorded by the process whose commit ended a traced workflow. */
  finished(plan: Plan, outcome: Outcome): void {
    const traced = plan.trace;
    if (!traced) return;
    const now = this.clock.now();
    const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: traced.traceId, spanId: traced.workflowSpan, traceFlags: traced.traceFlags, isRemote: true });
    const name = workflowName(plan) ?? plan.workflowId;
    const span = this.#tracer.startSpan(`workflow ${name} ended`, { startTime: now, attributes: { 'celeriac.workflow.id': plan.workflowId, 'celeriac.state': outcome.status } }, parent);
    if (outcome.status === 'FAILURE') fail(span, errorOf(outcome.failure));
    span.end(now);
  }
}

function nodeAttributes(plan: Plan, nodeId: string): Attributes {
  const node = plan.nodes[nodeId];
  return { 'celeriac.workflow.id': plan.workflowId, 'celeriac.node.id': nodeId, ...(node ? { 'celeriac.node.kind': node.kind } : {}) };
}

/** The traceparent of a node's attempts: its parent's span, or the workflow's for the root and callbacks. */
function traceparentOf(plan: Plan, traced: PlanTrace, nodeId: string): string {
  const parent = plan.nodes[nodeId]?.parent;
  const spanId = (parent !== null && parent !== undefined ? traced.spans[parent] : undefined) ?? traced.workflowSpan;
  return formatTraceparent({ traceId: traced.traceId, spanId, traceFlags: traced.traceFlags });
}

/** Error status and the exception event (type, message, stack), as OpenTelemetry's conventions say. */
function fail(span: Span, error: EventError): void {
  span.recordException({ name: error.type, message: error.message, ...(error.stack ? { stack: error.stack } : {}) });
  span.setStatus({ code: SpanStatusCode.ERROR, message: `${error.type}: ${error.message}` });
}

/** Runs `fn` inside the attempt's context (so user spans nest under it); with no provider, the API's no-op. */
export function inAttempt<T>(span: AttemptSpan, fn: () => T): T {
  return context.with(span.context, fn);
}
