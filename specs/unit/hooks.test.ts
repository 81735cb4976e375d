import { describe, expect, it } from 'vitest';
import { Hooks } from '../../engine/observe/hooks.js';
import { FakeClock, settle } from '../support/fake-clock.js';
import { systemClock } from '../../engine/ports/clock.js';
import { recordingLogger as recording } from '../support/recording-logger.js';

function recordingLogger() {
  return recording();
}

const failed = { type: 'task-failed' as const, at: 1, workflowId: 'wf', nodeId: 'r', taskName: 'charge' };

describe('hooks', () => {
  describe('when a hook is registered for a type', () => {
    it('receives events of that type only, until unsubscribed', () => {
      const hooks = new Hooks(recordingLogger().logger, systemClock);
      const seen: string[] = [];
      const stop = hooks.on('task-failed', (e) => void seen.push(`${e.type}@${e.at}`));
      hooks.emit(failed);
      hooks.emit({ type: 'task-succeeded', at: 2 });
      stop();
      hooks.emit({ ...failed, at: 3 });
      expect(seen).toEqual(['task-failed@1']);
      expect(hooks.has('task-failed')).toBe(false);
    });

    it('keeps two registrations of one function apart', () => {
      const hooks = new Hooks(recordingLogger().logger, systemClock);
      let calls = 0;
      const hook = () => void calls++;
      const stopOne = hooks.on('task-failed', hook);
      hooks.on('task-failed', hook);
      stopOne();
      hooks.emit(failed);
      expect(calls).toBe(1);
    });
  });

  describe('when a hook throws or rejects', () => {
    it('logs it at error and still runs the other hooks; emit never throws', async () => {
      const { logger, lines } = recordingLogger();
      const hooks = new Hooks(logger, systemClock);
      let ran = 0;
      hooks.on('task-failed', () => {
        throw new TypeError('sync boom');
      });
      hooks.on('task-failed', async () => {
        throw new Error('async boom');
      });
      hooks.on('task-failed', () => void ran++);
      expect(() => hooks.emit(failed)).not.toThrow();
      await hooks.idle();
      await settle();
      expect(ran).toBe(1);
      const errors = lines.filter((l) => l.level === 'error');
      expect(errors.map((e) => e.message)).toEqual(['A hook on task-failed failed: sync boom', 'A hook on task-failed failed: async boom']);
      expect(errors[0]!.fields).toMatchObject({ event: 'task-failed', workflowId: 'wf', nodeId: 'r' });
    });
  });

  describe('when a hook is slow', () => {
    it('does not hold up emit, and idle() waits for it', async () => {
      const hooks = new Hooks(recordingLogger().logger, systemClock);
      let release: () => void = () => undefined;
      let done = false;
      hooks.on('task-failed', () => new Promise<void>((resolve) => (release = resolve)).then(() => void (done = true)));
      hooks.emit(failed);
      expect(done).toBe(false);
      const idle = hooks.idle();
      release();
      await idle;
      expect(done).toBe(true);
    });

    it("stops waiting for a hook that never ends after idle()'s timeout, on the app's clock", async () => {
      const clock = new FakeClock();
      const hooks = new Hooks(recordingLogger().logger, clock);
      hooks.on('task-failed', () => new Promise<void>(() => undefined));
      hooks.emit(failed);
      let idle = false;
      void hooks.idle(5000).then(() => (idle = true));
      await clock.advance(4999);
      await settle();
      expect(idle).toBe(false);
      await clock.advance(1);
      await settle();
      expect(idle).toBe(true);
    });
  });
});
