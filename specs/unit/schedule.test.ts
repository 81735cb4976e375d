import { describe, expect, it } from 'vitest';
import { chain, createApp, currentTask, WorkflowValidationError } from '../../index.js';
import { FakeClock } from '../support/fake-clock.js';

function scheduledApp() {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const app = createApp({ driver: 'memory', clock });
  const runs: Array<{ workflowId: string; value: number }> = [];
  const add = app.task('add', (x: number, y: number) => x + y);
  app.task('record', (value: number) => {
    runs.push({ workflowId: currentTask().workflowId, value });
    return value;
  });
  app.worker();
  return { app, clock, runs, add };
}

describe('app.schedule', () => {
  describe('when a canvas runs every second', () => {
    it('starts one workflow per firing, named after the schedule and the firing time, until unscheduled', async () => {
      const { app, clock, runs, add } = scheduledApp();
      const start = clock.now();
      await app.schedule('tick', { every: 1000 }, chain(add.s(1, 2), app.signature('record')));
      await clock.advance(3_500);
      expect(runs.map((r) => r.workflowId)).toEqual([`tick.${start + 1000}`, `tick.${start + 2000}`, `tick.${start + 3000}`]);
      expect(runs.every((r) => r.value === 3)).toBe(true);
      expect(await app.result(`tick.${start + 2000}`).get({ timeout: 0 })).toBe(3);
      expect(await app.unschedule('tick')).toBe(true);
      await clock.advance(5_000);
      expect(runs).toHaveLength(3);
      expect(await app.unschedule('tick')).toBe(false);
      await app.close();
    });
  });

  describe('when a canvas runs on a cron pattern', () => {
    it('fires at each matching minute', async () => {
      const { app, clock, runs, add } = scheduledApp();
      await app.schedule('every-minute', { cron: '* * * * *', tz: 'UTC' }, chain(add.s(2, 2), app.signature('record')));
      await clock.advance(3 * 60_000 + 1);
      expect(runs.map((r) => r.workflowId)).toEqual(['01', '02', '03'].map((m) => `every-minute.${Date.parse(`2026-01-01T00:${m}:00Z`)}`));
      await app.close();
    });
  });

  describe('when a schedule is replaced', () => {
    it('runs the new canvas on the new timing only', async () => {
      const { app, clock, runs, add } = scheduledApp();
      await app.schedule('job', { every: 1000 }, chain(add.s(1, 1), app.signature('record')));
      await app.schedule('job', { every: 5000 }, chain(add.s(10, 10), app.signature('record')));
      await clock.advance(5_500);
      expect(runs.map((r) => r.value)).toEqual([20]);
      await app.close();
    });
  });

  describe('when the schedule is not valid', () => {
    it('says what is wrong before anything is saved', async () => {
      const { app, add } = scheduledApp();
      await expect(app.schedule('bad:id', { every: 10 }, add.s(1, 1))).rejects.toThrow(/schedule id/);
      await expect(app.schedule('x', { every: 0 }, add.s(1, 1))).rejects.toThrow(/`every`/);
      await expect(app.schedule('x', { cron: 'every day' }, add.s(1, 1))).rejects.toThrow(/cron pattern 'every day'/);
      await expect(app.schedule('x', { every: 10, cron: '* * * * *' } as never, add.s(1, 1))).rejects.toBeInstanceOf(WorkflowValidationError);
      await app.close();
    });
  });
});
