import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chord, signature, type App, type Canvas } from '../../../index.js';
import { buildCanvas, shapeArbitrary } from '../../property/arbitraries/workflow.js';
import { labelIn } from '../../property/reference/behaviours.js';
import { interpret } from '../../property/reference/interpret.js';
import { WorkerPool } from './worker-processes.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a run ended as, in the oracle's terms: the value, or `<error type>#<label of the task that threw>`. */
async function ending(app: App, id: string): Promise<{ ok: true; value: unknown } | { ok: false; got: string }> {
  try {
    return { ok: true, value: await app.result(id).get({ timeout: 60_000 }) };
  } catch (error) {
    const e = error as Error;
    return { ok: false, got: `${e.name}#${labelIn(e.message)}` };
  }
}

export interface CrashKillTarget {
  /** Names the Redis in the suite's title and log line. */
  readonly name: string;
  /** Environment of the `celeriac worker` processes (the prefix, and REDIS_URL or REDIS_CLUSTER). */
  readonly workerEnv: () => Record<string, string>;
  /** The producer's app on the same Redis and prefix. */
  readonly client: () => App;
  /** Removes what the run left in Redis. */
  readonly cleanup: () => Promise<void>;
  readonly schedules: number;
  readonly seed: number;
}

/**
 * Three real worker processes, SIGKILLed at random moments while random canvases run; every workflow must end
 * as the reference interpreter says. Run on one Redis and on a cluster.
 */
export function crashKillSuite(target: CrashKillTarget): void {
  const { schedules, seed } = target;
  describe(`when worker processes are killed with SIGKILL while workflows run (${target.name})`, () => {
    let pool: WorkerPool;
    let client: App;
    const totals = { canvases: 0, finished: 0 };

    beforeAll(async () => {
      pool = new WorkerPool({ app: join('specs', 'integration', 'fixtures', 'chaos-app.ts'), env: target.workerEnv() });
      client = target.client();
      await Promise.all([pool.start(), pool.start(), pool.start()]);
    });

    afterAll(async () => {
      await pool?.stopAll();
      await client?.close();
      await target.cleanup();
      console.log(`[crash-kill ${target.name}] ${JSON.stringify({ schedules, ...totals, workersKilled: pool?.kills, workersStarted: pool?.starts })}`);
    });

    it(`every workflow ends as the oracle says, over ${schedules} random kill schedules`, async () => {
      const random = fc.sample(fc.tuple(fc.integer({ min: 1, max: 2 }), fc.array(fc.nat({ max: 150 }), { minLength: 2, maxLength: 2 }), fc.nat()), { seed, numRuns: schedules });
      for (let s = 0; s < schedules; s++) {
        const [kills, times, victim] = random[s]!;
        const canvases: Array<{ canvas: Canvas; expected: ReturnType<typeof interpret> }> = fc
          .sample(shapeArbitrary(5), { seed: seed * 1000 + s, numRuns: 3 })
          .map((shape) => buildCanvas(shape))
          .map((canvas) => ({ canvas, expected: interpret(canvas) }));
        if (s % 10 === 0) {
          // A wide chord: a kill lands among a thousand joins.
          const wide = chord(Array.from({ length: 1000 }, (_, i) => signature('add', [i, 1])), signature('xsum'));
          canvases.push({ canvas: wide, expected: { status: 'SUCCESS', value: 500_500 } });
        }
        const applied = await Promise.all(canvases.map(({ canvas }) => client.apply(canvas)));
        for (let k = 0; k < kills; k++) {
          await sleep(times[k]!);
          await pool.kill(victim + k);
          await pool.start();
        }
        const endings = await Promise.all(applied.map((res) => ending(client, res.id)));
        endings.forEach((end, i) => {
          const { expected } = canvases[i]!;
          totals.canvases++;
          if (end.ok || end.got) totals.finished++;
          if (expected.status === 'SUCCESS') {
            expect(end, `schedule ${s}, canvas ${i}`).toEqual({ ok: true, value: expected.value });
          } else {
            expect(end.ok, `schedule ${s}, canvas ${i}`).toBe(false);
            expect([...expected.possible], `schedule ${s}, canvas ${i}`).toContain((end as { got: string }).got);
          }
        });
      }
      expect(pool.kills).toBeGreaterThanOrEqual(schedules);
      // Each schedule restarts a worker process (a few seconds on a loaded machine): the budget grows with them.
    }, 60_000 + schedules * 4_000);
  });
}
