/**
 * Tasks that make the dashboard worth watching: they take a moment, some retry, some fail, one replaces itself
 * with a group. Used by `npm run dashboard` and by the dashboard's browser tests.
 */
import { group, type App } from '../index.js';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export function registerDashboardTasks(app: App, options: { pace?: number } = {}) {
  const pace = options.pace ?? 1;
  const square = app.task('square', async function (x: number) {
    await sleep(pace * (200 + ((x * 137) % 900)), this.signal);
    return x * x;
  });
  const total = app.task('total', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
  const flaky = app.task(
    'flaky',
    async function (x: number) {
      await sleep(pace * 300, this.signal);
      if (this.attempt < 2) throw new Error(`flaky: attempt ${this.attempt} lost its connection`);
      return x;
    },
    { retries: 2, backoff: { type: 'fixed', delay: 500 } },
  );
  const explode = app.task('explode', async function (reason: string) {
    await sleep(pace * 400, this.signal);
    throw new RangeError(reason);
  });
  const notify = app.task('notify', (failure: unknown) => ({ notified: true, failure }));
  /** Replaces itself with a group of `n` squares: the dashboard draws the group where the task was. */
  const fanOut = app.task('fanOut', function (n: number) {
    this.replace(group(Array.from({ length: n }, (_, i) => square.s(i + 1))));
  });
  return { square, total, flaky, explode, notify, fanOut };
}
