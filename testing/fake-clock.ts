import type { Clock } from '../engine/ports/clock.js';

/**
 * A clock that only moves when told to, like xstate's SimulatedClock: timers fire inside `advance()`. Give it
 * to an app (`createApp({ clock })`) and retries, countdowns and timeouts happen when the test says so.
 * @example
 * const clock = new FakeClock();
 * const app = createApp({ driver: 'memory', clock });
 * await clock.advance(60_000); // a minute passes at once
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: Array<{ at: number; seq: number; fn: () => void }> = [];
  #seq = 0;

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Moves time on by `ms`, firing due timers in order and letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const next = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = end;
    await settle();
  }

  /** Moves time to the next timer and fires it (and any due at the same time); false if none is set. */
  async advanceToNext(): Promise<boolean> {
    const next = [...this.#timers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
    if (!next) return false;
    await this.advance(Math.max(0, next.at - this.#now));
    return true;
  }

  pending(): number {
    return this.#timers.length;
  }
}

/** Lets queued microtasks and immediate callbacks run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
