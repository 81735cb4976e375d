import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, chord, createApp, signature, type App } from '../../index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';
import { WorkerPool } from './support/worker-processes.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

interface SpanRecord {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly attributes: Record<string, unknown>;
  readonly status: { code: number; message?: string };
  readonly events: Array<{ name: string; attributes?: Record<string, unknown> }>;
  readonly pid: number;
}

describe('traces across two real worker processes', () => {
  const prefix = `test-${randomUUID()}`;
  const dir = mkdtempSync(join(tmpdir(), 'celeriac-spans-'));
  const file = join(dir, 'spans.jsonl');
  const env = { CELERIAC_PREFIX: prefix, REDIS_URL: 'redis://127.0.0.1:6379', CELERIAC_SPANS_FILE: file };
  // The producer (this process) records the workflow's and its chains', groups' and chords' spans.
  const exporter = new InMemorySpanExporter();
  let pool: WorkerPool;
  let client: App;

  beforeAll(async () => {
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    // One task at a time each, so the chord's slow members spread over both workers.
    pool = new WorkerPool({ app: join('specs', 'integration', 'fixtures', 'traced-app.ts'), env, concurrency: 1 });
    await Promise.all([pool.start(), pool.start()]);
    client = createApp({ redis: env.REDIS_URL, prefix, logger: quiet });
  });

  afterAll(async () => {
    await pool.stopAll();
    await client.close();
    trace.disable();
    await deleteKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The spans of one workflow, from this process and both workers, once `done` says they are all there. */
  async function spansOf(workflowId: string, done: (spans: SpanRecord[]) => boolean): Promise<SpanRecord[]> {
    const read = (): SpanRecord[] => {
      const workers = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as SpanRecord) : [];
      const mine = exporter.getFinishedSpans().map((span) => ({
        name: span.name,
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
        parentSpanId: span.parentSpanContext?.spanId,
        attributes: span.attributes,
        status: span.status,
        events: span.events,
        pid: process.pid,
      }));
      return [...mine, ...workers].filter((span) => span.attributes['celeriac.workflow.id'] === workflowId);
    };
    let spans = read();
    for (let i = 0; !done(spans) && i < 100; i++) spans = (await sleep(50), read());
    return spans;
  }

  const named = (spans: SpanRecord[], name: string) => spans.filter((s) => s.name === name);
  const only = (spans: SpanRecord[], name: string): SpanRecord => {
    const found = named(spans, name);
    expect(found, `${name} among ${spans.map((s) => s.name).join(', ')}`).toHaveLength(1);
    return found[0]!;
  };

  it('records a chain with a chord as one trace: workflow, chain, chord, then each attempt, from both workers', async () => {
    const members = [1, 2, 3, 4, 5, 6].map((n) => signature('slowAdd', [n]));
    const res = await client.apply(chain(signature('add', [1, 1]), chord(members, signature('xsum'))));
    // 2 -> [3, 4, 5, 6, 7, 8] -> 33
    expect(await res.get({ timeout: 20_000 })).toBe(33);
    const spans = await spansOf(res.id, (s) => s.some((span) => span.name === 'workflow chain(add, ...) ended') && named(s, 'slowAdd').length === 6 && named(s, 'xsum').length === 1);

    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const workflow = only(spans, 'workflow chain(add, ...)');
    const root = only(spans, 'chain');
    const inner = only(spans, 'chord');
    expect(workflow.parentSpanId).toBeUndefined();
    expect([workflow.pid, root.pid, inner.pid]).toEqual([process.pid, process.pid, process.pid]);
    expect(root.parentSpanId).toBe(workflow.spanId);
    expect(inner.parentSpanId).toBe(root.spanId);

    const first = only(spans, 'add');
    expect(first.parentSpanId).toBe(root.spanId);
    expect(first.attributes).toMatchObject({ 'celeriac.task.name': 'add', 'celeriac.node.id': 'r.0', 'celeriac.attempt': 1, 'celeriac.state': 'SUCCESS' });
    const header = named(spans, 'slowAdd');
    expect(header.map((s) => s.attributes['celeriac.node.id']).sort()).toEqual(['r.1.0', 'r.1.1', 'r.1.2', 'r.1.3', 'r.1.4', 'r.1.5']);
    for (const member of header) expect(member.parentSpanId).toBe(inner.spanId);
    const body = only(spans, 'xsum');
    expect(body.parentSpanId).toBe(inner.spanId);
    expect(body.attributes).toMatchObject({ 'celeriac.node.id': 'r.1.b', 'celeriac.state': 'SUCCESS' });

    // The attempts ran in the two worker processes, not here.
    const workerPids = new Set([first, ...header, body].map((s) => s.pid));
    expect(workerPids.has(process.pid)).toBe(false);
    expect(workerPids.size).toBe(2);
    const ended = only(spans, 'workflow chain(add, ...) ended');
    expect(ended.parentSpanId).toBe(workflow.spanId);
    expect(ended.attributes['celeriac.state']).toBe('SUCCESS');
  });

  it('records a failing task with error status and its exception, in the trace of its workflow', async () => {
    const res = await client.apply(chain(signature('add', [2, 2]), signature('charge', ['o-9'], { immutable: true })));
    await expect(res.get({ timeout: 20_000 })).rejects.toThrow(/card declined/);
    // The attempt's span ends after the workflow's end is recorded (its worker ends the workflow within it).
    const spans = await spansOf(res.id, (s) => ['workflow chain(add, ...) ended', 'charge'].every((name) => s.some((span) => span.name === name)));
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const charge = only(spans, 'charge');
    expect(charge.parentSpanId).toBe(only(spans, 'chain').spanId);
    expect(charge.attributes).toMatchObject({ 'celeriac.node.id': 'r.1', 'celeriac.state': 'FAILURE', 'celeriac.attempt': 1 });
    expect(charge.status).toEqual({ code: 2, message: 'TypeError: card declined for o-9' });
    expect(charge.events).toEqual([expect.objectContaining({ name: 'exception', attributes: expect.objectContaining({ 'exception.type': 'TypeError' }) })]);
    const ended = only(spans, 'workflow chain(add, ...) ended');
    expect(ended.attributes['celeriac.state']).toBe('FAILURE');
    expect(ended.status.code).toBe(2);
  });
});
