/**
 * n independent single-task workflows, `add.delay(i, 1)` each, all results awaited, against a raw BullMQ
 * `addBulk` of n jobs awaited until all completed. Every result must be i + 1. Celery side (`--celery`): n
 * `add.delay(i, 1)`, one after the other, then `ResultSet(results).get()`.
 */
import { addOrSum, check, measure, nextTag, resultTimeoutMs, withCeleriac, withRaw, type RunOptions, type Sample, type Scenario } from '../harness.js';

export interface Params {
  readonly tasks: number;
}

const warmup = 5;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function celeriac(options: RunOptions<Params>): Promise<Sample> {
  return withCeleriac(options, async ({ add }) => {
    const run = async (n: number) => {
      const values = await Promise.all(range(n).map(async (i) => (await add.delay(i, 1)).get({ timeout: resultTimeoutMs })));
      check(`${n} independent tasks`, values, range(n).map((i) => i + 1));
    };
    await run(warmup);
    return measure(options.admin, () => run(options.params.tasks));
  });
}

export function raw(options: RunOptions<Params>): Promise<Sample> {
  return withRaw(options, addOrSum, async ({ queue, completed }) => {
    const run = async (n: number) => {
      const tag = nextTag();
      const done = completed((job) => job.data.tag === tag, n);
      await queue.addBulk(range(n).map((i) => ({ name: 'add', data: { tag, x: i, y: 1 } })));
      const jobs = await done;
      check(`${n} raw jobs`, jobs.map((job) => job.returnvalue - job.data.x).filter((d) => d !== 1), []);
    };
    await run(warmup);
    return measure(options.admin, () => run(options.params.tasks));
  });
}

export const scenario: Scenario<Params> = {
  name: 'independent',
  params: (quick) => ({ tasks: quick ? 400 : 2000 }),
  label: (p) => `${p.tasks.toLocaleString('en-US')} independent tasks`,
  tasks: (p) => p.tasks,
  concurrency: 50,
  celeriac,
  raw,
  celery: (p) => ({ shape: 'independent', args: [p.tasks] }),
};
