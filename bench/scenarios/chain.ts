/**
 * One chain of n steps: `chain(add.s(0, 1), (n - 1) × add.s(1))`, against raw BullMQ jobs that each add the
 * next one from inside the processor (`queue.add`), n hops. Both must end with n. Concurrency 1: a chain
 * has one step runnable at a time anyway. Celery side (`--celery`): `chain(add.s(0, 1), (n - 1) × add.s(1))`.
 */
import { chain } from '../../index.js';
import type { Job, Queue } from 'bullmq';
import { check, measure, nextTag, resultTimeoutMs, withCeleriac, withRaw, type RunOptions, type Sample, type Scenario } from '../harness.js';

export interface Params {
  readonly steps: number;
}

const warmup = 3;

export function celeriac(options: RunOptions<Params>): Promise<Sample> {
  return withCeleriac(options, async ({ app, add }) => {
    const run = async (n: number) => {
      const steps = [add.s(0, 1), ...Array.from({ length: n - 1 }, () => add.s(1))];
      const result = await app.apply<number>(chain(...steps));
      check(`the chain of ${n}`, await result.get({ timeout: resultTimeoutMs }), n);
    };
    await run(warmup);
    return measure(options.admin, () => run(options.params.steps));
  });
}

interface Hop {
  readonly tag: number;
  readonly value: number;
  readonly hop: number;
  readonly hops: number;
}

export function raw(options: RunOptions<Params>): Promise<Sample> {
  const processor = (queue: Queue) => async (job: Job<Hop>) => {
    const { value, hop, hops, tag } = job.data;
    const next = value + 1;
    if (hop < hops) await queue.add('step', { tag, value: next, hop: hop + 1, hops } satisfies Hop);
    return next;
  };
  return withRaw(options, processor, async ({ queue, completed }) => {
    const run = async (n: number) => {
      const tag = nextTag();
      const done = completed((job) => job.data.tag === tag && job.data.hop === n, 1);
      await queue.add('step', { tag, value: 0, hop: 1, hops: n } satisfies Hop);
      const [last] = await done;
      check(`the raw chain of ${n}`, last?.returnvalue, n);
    };
    await run(warmup);
    return measure(options.admin, () => run(options.params.steps));
  });
}

export const scenario: Scenario<Params> = {
  name: 'chain',
  params: (quick) => ({ steps: quick ? 30 : 100 }),
  label: (p) => `chain of ${p.steps}`,
  tasks: (p) => p.steps,
  concurrency: 1,
  celeriac,
  raw,
  celery: (p) => ({ shape: 'chain', args: [p.steps] }),
};
