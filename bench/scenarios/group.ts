/**
 * One group of n members: `group(n × add.s(i, 1))` applied once and its result (the list of member results,
 * in member order) awaited, against raw BullMQ adding the same n `add` jobs with one `addBulk` and collecting
 * every return value in index order. Both must give [1, 2, ..., n].
 *
 * Why that raw side: a group has no callback, so there is no parent job to add. A FlowProducer parent (as the
 * chord's raw side has) would be one more job and the parent bookkeeping a group does not need; the fair shape
 * is `independent`'s `addBulk` of n plain jobs, with the results put back in member order, since gathering
 * them in order is what `group(...).get()` does. The Celeriac side is one workflow, so it pays one
 * `createWorkflow` and one finish for all n members, unlike n single-task workflows. Celery side (`--celery`):
 * `group(add.s(i, 1) ...).apply_async().get()`, a GroupResult in member order.
 */
import { group } from '../../index.js';
import { addOrSum, check, measure, nextTag, resultTimeoutMs, withCeleriac, withRaw, type RunOptions, type Sample, type Scenario } from '../harness.js';

export interface Params {
  readonly members: number;
}

const warmup = 5;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function celeriac(options: RunOptions<Params>): Promise<Sample> {
  return withCeleriac(options, async ({ app, add }) => {
    const run = async (n: number) => {
      const result = await app.apply<number[]>(group(range(n).map((i) => add.s(i, 1))));
      check(`the group of ${n}`, await result.get({ timeout: resultTimeoutMs }), range(n).map((i) => i + 1));
    };
    await run(warmup);
    return measure(options.admin, () => run(options.params.members));
  });
}

export function raw(options: RunOptions<Params>): Promise<Sample> {
  return withRaw(options, addOrSum, async ({ queue, completed }) => {
    const run = async (n: number) => {
      const tag = nextTag();
      const done = completed((job) => job.data.tag === tag, n);
      await queue.addBulk(range(n).map((i) => ({ name: 'add', data: { tag, index: i, x: i, y: 1 } })));
      const values: number[] = new Array(n);
      for (const job of await done) values[job.data.index] = job.returnvalue;
      check(`the raw group of ${n}`, values, range(n).map((i) => i + 1));
    };
    await run(warmup);
    return measure(options.admin, () => run(options.params.members));
  });
}

export const scenario: Scenario<Params> = {
  name: 'group',
  params: (quick) => ({ members: quick ? 200 : 1000 }),
  label: (p) => `group of ${p.members.toLocaleString('en-US')}`,
  tasks: (p) => p.members,
  concurrency: 50,
  celeriac,
  raw,
  celery: (p) => ({ shape: 'group', args: [p.members] }),
};
