import { describe, expect, it } from 'vitest';
import { OutcomeWaiters, type NotificationSource } from '../../adapters/support/outcome-waiters.js';
import type { Outcome } from '../../engine/ports/outcome.js';
import { FakeClock } from '../support/fake-clock.js';

/** A source that listens and never hears anything: every wait ends by re-checking the store. */
const deaf: NotificationSource = { start: async () => undefined, stop: async () => undefined };

describe('waiting on many workflows at once', () => {
  it('re-checks the store at most the budget of reads a second, whatever the number of waits, and each still ends', async () => {
    const clock = new FakeClock();
    const finished = new Set<string>();
    let reads = 0;
    const read = async (id: string): Promise<Outcome | undefined> => (reads++, finished.has(id) ? { status: 'SUCCESS', value: id } : undefined);
    const waiters = new OutcomeWaiters({ read, source: deaf, logError: (error) => expect.fail(String(error)), clock, rechecksPerSecond: 100 });
    const ids = Array.from({ length: 1000 }, (_, i) => `w${i}`);
    const waits = ids.map((id) => waiters.wait(id, 600_000));
    await clock.advance(0);
    const first = reads;
    // Each wait reads once as it begins, and once more when the source starts listening: a workflow that
    // finished between the two was told to nobody.
    expect(first).toBe(2000);
    await clock.advance(10_000);
    // 100 a second over 10 s, where one re-check a second each would be 10,000.
    expect(reads - first).toBeLessThanOrEqual(100 * 10 * 1.2);
    for (const id of ids) finished.add(id);
    await clock.advance(20_000);
    expect((await Promise.all(waits)).every((outcome) => outcome?.status === 'SUCCESS')).toBe(true);
    await waiters.close();
  }, 20_000);

  it('re-checks each wait every recheckMs while the waits are within the budget', async () => {
    const clock = new FakeClock();
    let reads = 0;
    const waiters = new OutcomeWaiters({ read: async () => (reads++, undefined), source: deaf, logError: () => undefined, clock, recheckMs: 1000 });
    void waiters.wait('only', 60_000);
    await clock.advance(0);
    await clock.advance(5_000);
    expect(reads).toBe(2 + 5);
    await waiters.close();
  });
});
