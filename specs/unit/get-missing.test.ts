import { describe, expect, it } from 'vitest';
import { createApp, isCeleriacError } from '../../index.js';
import { FakeClock } from '../support/fake-clock.js';

function appOnFakeClock(id = 'wf-1') {
  const clock = new FakeClock();
  const app = createApp({ driver: 'memory', clock, ids: { workflowId: () => id, random: () => 0.5 } });
  const add = app.task('add', (x: number, y: number) => x + y);
  return { app, clock, add };
}

describe('when get() waits for a workflow the store does not have', () => {
  it('rejects with NOT_FOUND after a 2 s grace, long before its timeout', async () => {
    const { app, clock } = appOnFakeClock();
    let settled: unknown;
    const waiting = app.result('no-such-id').get({ timeout: 60_000 }).catch((error: unknown) => (settled = error));
    await clock.advance(1_900);
    expect(settled).toBeUndefined();
    await clock.advance(200);
    await waiting;
    expect(isCeleriacError(settled) && settled.code).toBe('NOT_FOUND');
    expect((settled as Error).message).toMatch(/^No workflow no-such-id in the store: it was never created/);
    await app.close();
  });

  it('tells NOT_FOUND before a short timeout would pass', async () => {
    const { app, clock } = appOnFakeClock();
    let settled: unknown;
    const waiting = app.result('no-such-id').get({ timeout: 1_000 }).catch((error: unknown) => (settled = error));
    await clock.advance(600);
    await waiting;
    expect((settled as { code?: string }).code).toBe('NOT_FOUND');
    await app.close();
  });

  it('waits on when the workflow is stored within the grace (an apply still being stored elsewhere)', async () => {
    const { app, clock, add } = appOnFakeClock('wf-late');
    const waiting = app.result('wf-late').get({ timeout: 60_000 });
    await clock.advance(1_500);
    app.worker();
    await app.apply(add.s(2, 3));
    await clock.advance(3_000);
    expect(await waiting).toBe(5);
    await app.close();
  });
});
