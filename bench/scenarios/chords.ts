/**
 * k chords of m members applied at once (`Promise.all` of k `app.apply(chord(...))`), against k raw BullMQ
 * flows of m children added concurrently. Every chord must return 1 + 2 + ... + m. Celery side (`--celery`):
 * k chords applied one after the other (Celery's apply is synchronous), their results gathered with a ResultSet.
 */
import { chord } from '../../index.js';
import { addOrSum, check, measure, nextTag, resultTimeoutMs, withCeleriac, withRaw, type RunOptions, type Sample, type Scenario } from '../harness.js';

export interface Params {
  readonly chords: number;
  readonly members: number;
}

const warmup: Params = { chords: 2, members: 3 };
const expected = (m: number) => (m * (m + 1)) / 2;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function celeriac(options: RunOptions<Params>): Promise<Sample> {
  return withCeleriac(options, async ({ app, add, xsum }) => {
    const run = async ({ chords, members }: Params) => {
      const one = async () => {
        const result = await app.apply<number>(chord(range(members).map((i) => add.s(i, 1)), xsum.s()));
        return result.get({ timeout: resultTimeoutMs });
      };
      const sums = await Promise.all(range(chords).map(one));
      check(`${chords} chords of ${members}`, sums, range(chords).map(() => expected(members)));
    };
    await run(warmup);
    return measure(options.admin, () => run(options.params));
  });
}

export function raw(options: RunOptions<Params>): Promise<Sample> {
  return withRaw(options, addOrSum, async ({ flow, queueName, completed }) => {
    const run = async ({ chords, members }: Params) => {
      const tag = nextTag();
      const done = completed((job) => job.name === 'xsum' && job.data.tag === tag, chords);
      await Promise.all(
        range(chords).map(() =>
          flow.add({ name: 'xsum', queueName, data: { tag }, children: range(members).map((i) => ({ name: 'add', queueName, data: { x: i, y: 1 } })) }),
        ),
      );
      const parents = await done;
      check(`${chords} raw flows of ${members}`, parents.map((job) => job.returnvalue), range(chords).map(() => expected(members)));
    };
    await run(warmup);
    return measure(options.admin, () => run(options.params));
  });
}

export const scenario: Scenario<Params> = {
  name: 'chords',
  params: (quick) => (quick ? { chords: 5, members: 50 } : { chords: 20, members: 100 }),
  label: (p) => `${p.chords} concurrent chords of ${p.members}`,
  tasks: (p) => p.chords * (p.members + 1),
  concurrency: 50,
  celeriac,
  raw,
  celery: (p) => ({ shape: 'chords', args: [p.members, p.chords] }),
};
