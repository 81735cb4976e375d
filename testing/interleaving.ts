import type { FakeClock } from './fake-clock.js';
import { settle } from './fake-clock.js';

/** What the simulation needs of a scheduler: fast-check's `fc.scheduler()` values have this shape. */
export interface Scheduler {
  schedule<T>(task: Promise<T>, label?: string): Promise<T>;
  count(): number;
  waitOne(): Promise<void>;
}

/** A scheduler that lets port calls go in the order they were asked for: the fault-free reference runs. */
export function inOrder(): Scheduler {
  const waiting: Array<() => void> = [];
  return {
    schedule<T>(task: Promise<T>): Promise<T> {
      return new Promise<void>((resolve) => waiting.push(resolve)).then(() => task);
    },
    count: () => waiting.length,
    async waitOne() {
      waiting.shift()?.();
      await settle(1);
    },
  };
}

/**
 * Runs scheduled port calls one at a time, and moves the fake clock on when only timers are left, until
 * `done()` or nothing is left to do. Returns false if it gave up after `maxSteps` (a run that never ends).
 */
export async function drive(scheduler: Scheduler, clock: FakeClock, done: () => boolean, maxSteps: number): Promise<boolean> {
  for (let steps = 0; steps < maxSteps; steps++) {
    await settle(2);
    if (done()) return true;
    if (scheduler.count() > 0) {
      await scheduler.waitOne();
      continue;
    }
    if (await clock.advanceToNext()) continue;
    await settle(5);
    if (scheduler.count() === 0 && clock.pending() === 0) return true;
  }
  return false;
}
