import { describe, expect, it } from 'vitest';
import { Metrics } from '../../engine/observe/metrics.js';

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

  it('keeps two apps in one process apart', async () => {
    const [one, two] = [metrics(), metrics()];
    one.observe({ type: 'workflow-succeeded', at: 1 });
    expect(sample(await two.text(), 'celeriac_workflows_total{state="succeeded"}')).toBeUndefined();
    expect(sample(await one.text(), 'celeriac_workflows_total{state="succeeded"}')).toBe(1);
  });
});
