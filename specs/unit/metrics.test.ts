import { describe, expect, it } from 'vitest';
import { Metrics } from '../../engine/observe/metrics.js';
import { RuntimeEvents } from '../../engine/observe/runtime-events.js';
import { plan } from '../../canvas/plan.js';
import { normalize } from '../../canvas/normalize.js';
import type { CeleriacEvent } from '../../engine/ports/events.js';
import { createApp, signature } from '../../index.js';

function metrics() {
  return new Metrics({
    queues: async () => [{ name: 'default', waiting: 3, active: 1, delayed: 2 }],
    workers: async () => 2,
  });
}

/** The value of one sample line, e.g. `celeriac_tasks_total{task="add",state="succeeded"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  describe('when tasks and workflows end', () => {
    it('counts them by task and state and records runtimes', async () => {
      const m = metrics();
      m.observe({ type: 'task-succeeded', at: 1, taskName: 'add', runtimeMs: 4 });
      m.observe({ type: 'task-succeeded', at: 2, taskName: 'add', runtimeMs: 20 });
      m.observe({ type: 'task-retried', at: 3, taskName: 'charge', runtimeMs: 1 });
      m.observe({ type: 'task-failed', at: 4, taskName: 'charge', runtimeMs: 1 });
      m.observe({ type: 'task-revoked', at: 5, taskName: 'ship' });
      m.observe({ type: 'task-started', at: 6, taskName: 'add' });
      m.observe({ type: 'workflow-failed', at: 7 });
      m.queueWait('add', 1500);
      const text = await m.text();
      expect(sample(text, 'celeriac_tasks_total{task="add",state="succeeded"}')).toBe(2);
      expect(sample(text, 'celeriac_tasks_total{task="charge",state="retried"}')).toBe(1);
      expect(sample(text, 'celeriac_tasks_total{task="charge",state="failed"}')).toBe(1);
      expect(sample(text, 'celeriac_tasks_total{task="ship",state="revoked"}')).toBe(1);
      expect(sample(text, 'celeriac_task_duration_seconds_count{task="add"}')).toBe(2);
      expect(sample(text, 'celeriac_task_duration_seconds_sum{task="add"}')).toBeCloseTo(0.024);
      expect(sample(text, 'celeriac_task_duration_seconds_bucket{le="0.005",task="add"}')).toBe(1);
      expect(sample(text, 'celeriac_task_queue_wait_seconds_sum{task="add"}')).toBe(1.5);
      expect(sample(text, 'celeriac_workflows_total{state="failed"}')).toBe(1);
    });
  });

  describe('when scraped', () => {
    it('reads queue depths and workers from their sources', async () => {
      const text = await metrics().text();
      expect(sample(text, 'celeriac_queue_jobs{queue="default",state="waiting"}')).toBe(3);
      expect(sample(text, 'celeriac_queue_jobs{queue="default",state="delayed"}')).toBe(2);
      expect(sample(text, 'celeriac_workers')).toBe(2);
    });
  });

  describe('when a task starts', () => {
    it('records its queue wait from the task-started event', async () => {
      const m = metrics();
      m.observe({ type: 'task-started', at: 1, taskName: 'add', queueWaitMs: 250 });
      m.observe({ type: 'task-started', at: 2, taskName: 'add', queueWaitMs: 750 });
      const text = await m.text();
      expect(sample(text, 'celeriac_task_queue_wait_seconds_count{task="add"}')).toBe(2);
      expect(sample(text, 'celeriac_task_queue_wait_seconds_sum{task="add"}')).toBe(1);
    });

    it('measures the wait from when the message said it could start, never below zero', () => {
      const emitted: CeleriacEvent[] = [];
      let now = 2000;
      const events = new RuntimeEvents((event) => emitted.push(event), { now: () => now, setTimer: () => () => undefined }, { hostname: 'h', pid: 1 }, false);
      const planned = plan(normalize(signature('add', [1, 2])), { workflowId: 'w', now: 0 });
      events.started(planned, { workflowId: 'w', nodeId: 'r', attempt: 1, readyAt: 500 }, []);
      // A sender whose clock runs ahead of this one.
      events.started(planned, { workflowId: 'w', nodeId: 'r', attempt: 2, readyAt: 2600 }, []);
      now = 3000;
      events.started(planned, { workflowId: 'w', nodeId: 'r', attempt: 3 }, []);
      expect(emitted.map((e) => e.queueWaitMs)).toEqual([1500, 0, undefined]);
    });

    it('counts from when a delayed task could start, not from when it was sent', async () => {
      const app = createApp({ driver: 'memory' });
      app.task('add', (x: number, y: number) => x + y);
      const worker = app.worker();
      try {
        const res = await app.apply(signature('add', [1, 2]).set({ countdown: 1000 }));
        expect(await res.get({ timeout: 5000 })).toBe(3);
        const text = await app.metrics();
        expect(sample(text, 'celeriac_task_queue_wait_seconds_count{task="add"}')).toBe(1);
        // It waited out a 1 s countdown, which is not queue wait.
        expect(sample(text, 'celeriac_task_queue_wait_seconds_sum{task="add"}')).toBeLessThan(1);
      } finally {
        await worker.close();
        await app.close();
      }
    });
  });

  it('keeps two apps in one process apart', async () => {
    const [one, two] = [metrics(), metrics()];
    one.observe({ type: 'workflow-succeeded', at: 1 });
    expect(sample(await two.text(), 'celeriac_workflows_total{state="succeeded"}')).toBeUndefined();
    expect(sample(await one.text(), 'celeriac_workflows_total{state="succeeded"}')).toBe(1);
  });
});
