import { context, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { plan } from '../../canvas/plan.js';
import { normalize } from '../../canvas/normalize.js';
import { chain, chord, createApp, signature } from '../../index.js';
import { systemClock } from '../../engine/ports/clock.js';
import { Tracing } from '../../engine/observe/tracing.js';
import { derivedParent, formatTraceparent, parseTraceparent } from '../../engine/observe/traceparent.js';

/**
 * Tells when the spans of a workflow are all in: a span named `last` has ended and no span is open any more.
 * Task spans end just after their commit, so after the result reached `get()`: waiting on spans themselves,
 * not on a timer, keeps the test off the clock.
 */
class SpansSettle implements SpanProcessor {
  #open = 0;
  #waiters: Array<{ readonly last: string; readonly resolve: () => void }> = [];
  readonly #ended = new Set<string>();

  onStart(_span: Span): void {
    this.#open++;
  }

  onEnd(span: ReadableSpan): void {
    this.#open--;
    this.#ended.add(span.name);
    this.#check();
  }

  /** Resolves once a span named `last` has ended (since the last reset) and no span is open. */
  settled(last: string): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push({ last, resolve });
      this.#check();
    });
  }

  reset(): void {
    this.#ended.clear();
  }

  #check(): void {
    if (this.#open !== 0) return;
    for (const waiter of this.#waiters.filter((w) => this.#ended.has(w.last))) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

describe('tracing with no tracer provider registered', () => {
  it('adds nothing to plans or messages: the API is a no-op', () => {
    const tracing = new Tracing(systemClock);
    const planned = plan(normalize(chain(signature('a'), signature('b'))), { workflowId: 'w1', now: 0 });
    const { plan: traced, end } = tracing.planned(planned);
    end();
    expect(traced).toBe(planned);
    const jobs = [{ jobId: 'w1.r.0.1', queue: 'default', delay: 0, priority: null, message: { workflowId: 'w1', nodeId: 'r.0', attempt: 1 } }];
    expect(tracing.stamp(traced, jobs)).toBe(jobs);
  });
});

describe('traceparent', () => {
  it('reads back what it writes, and refuses other versions and all-zero ids', () => {
    const parent = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
    expect(formatTraceparent(parent)).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(parseTraceparent(formatTraceparent(parent))).toEqual(parent);
    expect(parseTraceparent('01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBeUndefined();
    expect(parseTraceparent(`00-${'0'.repeat(32)}-b7ad6b7169203331-01`)).toBeUndefined();
    expect(parseTraceparent(42)).toBeUndefined();
  });

  it('derives the same valid parent for a workflow id in every process', () => {
    const a = derivedParent('3f0d2c1e-workflow');
    expect(derivedParent('3f0d2c1e-workflow')).toEqual(a);
    expect(derivedParent('another')).not.toEqual(a);
    expect(parseTraceparent(formatTraceparent(a))).toEqual(a);
  });
});

describe('tracing on the memory driver, with a tracer provider', () => {
  const exporter = new InMemorySpanExporter();
  const settle = new SpansSettle();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter), settle] });
  const contextManager = new AsyncLocalStorageContextManager();
  const app = createApp({ driver: 'memory', logger: quiet });
  app.task('add', (x: number, y: number) => x + y);
  app.task('xsum', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
  app.task('charge', (order: string) => {
    throw new TypeError(`card declined for ${order}`);
  });
  app.task('nested', async () => (await (await app.apply(signature('add', [1, 1]))).get({ timeout: 5000 })) as number);
  let worker: ReturnType<typeof app.worker>;

  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
    trace.setGlobalTracerProvider(provider);
    worker = app.worker({ concurrency: 4 });
  });
  beforeEach(() => {
    exporter.reset();
    settle.reset();
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
    trace.disable();
    context.disable();
  });

  const spans = () => exporter.getFinishedSpans();
  const byName = (name: string) => spans().filter((s) => s.name === name);
  const one = (name: string): ReadableSpan => {
    const found = byName(name);
    expect(found, `spans named ${name}: ${spans().map((s) => s.name).join(', ')}`).toHaveLength(1);
    return found[0]!;
  };
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
  const idOf = (span: ReadableSpan) => span.spanContext().spanId;

  it('records a chain with a chord as one trace whose spans nest as the canvas does', async () => {
    const res = await app.apply(chain(signature('add', [1, 1]), chord([signature('add', [10]), signature('add', [20])], signature('xsum'))));
    expect(await res.get({ timeout: 5000 })).toBe(34);
    await settle.settled('workflow chain(add, ...) ended');
    const all = spans();
    expect(new Set(all.map((s) => s.spanContext().traceId)).size).toBe(1);
    const workflow = one('workflow chain(add, ...)');
    expect(workflow.parentSpanContext).toBeUndefined();
    expect(workflow.attributes['celeriac.workflow.id']).toBe(res.id);
    const root = one('chain');
    const inner = one('chord');
    expect(parentOf(root)).toBe(idOf(workflow));
    expect(parentOf(inner)).toBe(idOf(root));
    expect(inner.attributes).toMatchObject({ 'celeriac.node.id': 'r.1', 'celeriac.node.kind': 'chord' });
    const adds = byName('add');
    expect(adds.map((s) => s.attributes['celeriac.node.id']).sort()).toEqual(['r.0', 'r.1.0', 'r.1.1']);
    for (const add of adds) {
      expect(parentOf(add)).toBe(idOf(add.attributes['celeriac.node.id'] === 'r.0' ? root : inner));
      expect(add.attributes).toMatchObject({ 'celeriac.task.name': 'add', 'celeriac.attempt': 1, 'celeriac.state': 'SUCCESS', 'celeriac.workflow.id': res.id });
      expect(add.status.code).not.toBe(SpanStatusCode.ERROR);
    }
    const body = one('xsum');
    expect(parentOf(body)).toBe(idOf(inner));
    expect(body.attributes['celeriac.node.id']).toBe('r.1.b');
    const ended = one('workflow chain(add, ...) ended');
    expect(parentOf(ended)).toBe(idOf(workflow));
    expect(ended.attributes['celeriac.state']).toBe('SUCCESS');
  });

  it('marks a retried attempt RETRY and the last one FAILURE, both with error status and the exception', async () => {
    const res = await app.apply(signature('charge', ['o-1']).set({ retries: 1, backoff: { type: 'fixed', delay: 10 } }));
    await expect(res.get({ timeout: 5000 })).rejects.toThrow(/card declined/);
    await settle.settled('workflow charge ended');
    const attempts = byName('charge').sort((a, b) => Number(a.attributes['celeriac.attempt']) - Number(b.attributes['celeriac.attempt']));
    expect(attempts.map((s) => [s.attributes['celeriac.attempt'], s.attributes['celeriac.state']])).toEqual([
      [1, 'RETRY'],
      [2, 'FAILURE'],
    ]);
    const workflow = one('workflow charge');
    for (const attempt of attempts) {
      expect(parentOf(attempt)).toBe(idOf(workflow));
      expect(attempt.status).toEqual({ code: SpanStatusCode.ERROR, message: 'TypeError: card declined for o-1' });
      expect(attempt.events[0]).toMatchObject({ name: 'exception', attributes: { 'exception.type': 'TypeError', 'exception.message': 'card declined for o-1' } });
    }
    const ended = one('workflow charge ended');
    expect(ended.attributes['celeriac.state']).toBe('FAILURE');
    expect(ended.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("puts a workflow applied inside a span, or inside a task, in that span's trace", async () => {
    const request = trace.getTracer('test').startSpan('POST /orders', {}, ROOT_CONTEXT);
    const res = await context.with(trace.setSpan(ROOT_CONTEXT, request), () => app.apply(signature('nested')));
    request.end();
    expect(await res.get({ timeout: 5000 })).toBe(2);
    await settle.settled('workflow nested ended');
    const traceId = request.spanContext().traceId;
    expect(spans().every((s) => s.spanContext().traceId === traceId)).toBe(true);
    const outer = one('workflow nested');
    expect(parentOf(outer)).toBe(request.spanContext().spanId);
    const inner = one('workflow add');
    expect(parentOf(inner)).toBe(idOf(one('nested')));
    expect(parentOf(one('add'))).toBe(idOf(inner));
  });

  it('gives the attempt of a message without traceparent a parent derived from its workflow id', () => {
    const tracing = new Tracing(systemClock);
    const planned = plan(normalize(signature('add', [1, 2])), { workflowId: 'wf-untraced', now: 0 });
    const node = planned.nodes[planned.root]!;
    if (node.kind !== 'task') throw new Error('a task plan');
    tracing.attempt(planned, node, { workflowId: 'wf-untraced', nodeId: 'r', attempt: 1 }, Date.now(), undefined).end({ state: 'SUCCESS' });
    const span = one('add');
    const derived = derivedParent('wf-untraced');
    expect(span.spanContext().traceId).toBe(derived.traceId);
    expect(parentOf(span)).toBe(derived.spanId);
  });
});
