/**
 * The same n independent single-task workflows as `independent`, but sent with one `app.applyMany()` (plans
 * stored concurrently, first tasks in one `addBulk`), against the same raw BullMQ `addBulk` of n jobs.
 */
import { check, measure, resultTimeoutMs, withCeleriac, type RunOptions, type Sample, type Scenario } from '../harness.js';
import { raw, type Params } from './independent.js';

const warmup = 5;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function celeriac(options: RunOptions<Params>): Promise<Sample> {
  return withCeleriac(options, async ({ app, add }) => {
    const run = async (n: number) => {
      const results = await app.applyMany(range(n).map((i) => add.s(i, 1)));
      const values = await Promise.all(results.map((res) => res.get({ timeout: resultTimeoutMs })));
      check(`${n} independent tasks applied at once`, values, range(n).map((i) => i + 1));
    };
    await run(warmup);
    return measure(options.admin, () => run(options.params.tasks));
  });
}

export const scenario: Scenario<Params> = {
  name: 'independent-bulk',
  params: (quick) => ({ tasks: quick ? 400 : 2000 }),
  label: (p) => `${p.tasks.toLocaleString('en-US')} independent, applyMany`,
  tasks: (p) => p.tasks,
  concurrency: 50,
  celeriac,
  raw,
};
