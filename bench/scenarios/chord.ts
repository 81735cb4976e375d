/**
 * One chord of n members: `chord(n × add.s(i, 1), xsum.s())`, against a raw BullMQ flow of n children under
 * a parent that sums `getChildrenValues()`. Both must return 1 + 2 + ... + n. Celery side (`--celery`):
 * `chord(group(add.s(i, 1) ...), xsum.s())` on its Redis result backend, which joins the parts natively.
 */
import { chord } from '../../index.js';
import { addOrSum, check, measure, nextTag, resultTimeoutMs, withCeleriac, withRaw, type RunOptions, type Sample, type Scenario } from '../harness.js';

export interface Params {
  readonly members: number;
}

const warmup = 5;
const expected = (n: number) => (n * (n + 1)) / 2;

export function celeriac(options: RunOptions<Params>): Promise<Sample> {
  return withCeleriac(options, async ({ app, add, xsum }) => {
    const run = async (n: number) => {
      const header = Array.from({ length: n }, (_, i) => add.s(i, 1));
      const result = await app.apply<number>(chord(header, xsum.s()));
      check(`the chord of ${n}`, await result.get({ timeout: resultTimeoutMs }), expected(n));
    };
    await run(warmup);
    return measure(options.admin, () => run(options.params.members));
  });
}

export function raw(options: RunOptions<Params>): Promise<Sample> {
  return withRaw(options, addOrSum, async ({ flow, queueName, completed }) => {
    const run = async (n: number) => {
      const tag = nextTag();
      const done = completed((job) => job.name === 'xsum' && job.data.tag === tag, 1);
      await flow.add({
        name: 'xsum',
        queueName,
        data: { tag },
        children: Array.from({ length: n }, (_, i) => ({ name: 'add', queueName, data: { x: i, y: 1 } })),
      });
      const [parent] = await done;
      check(`the raw flow of ${n}`, parent?.returnvalue, expected(n));
    };
    await run(warmup);
    return measure(options.admin, () => run(options.params.members));
  });
}

export const scenario: Scenario<Params> = {
  name: 'chord',
  params: (quick) => ({ members: quick ? 200 : 1000 }),
  label: (p) => `chord of ${p.members.toLocaleString('en-US')}`,
  tasks: (p) => p.members + 1,
  concurrency: 50,
  celeriac,
  raw,
  celery: (p) => ({ shape: 'chord', args: [p.members] }),
};
