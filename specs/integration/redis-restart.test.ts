import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, chord, createApp, signature, type App, type Canvas } from '../../index.js';
import { buildCanvas, shapeArbitrary } from '../property/arbitraries/workflow.js';
import { labelIn } from '../property/reference/behaviours.js';
import { interpret } from '../property/reference/interpret.js';
import { PrivateRedis } from './support/private-redis.js';
import { WorkerPool } from './support/worker-processes.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('when Redis itself crashes mid-workflow and comes back from its append-only file', () => {
  let redis: PrivateRedis;
  let pool: WorkerPool;
  let client: App;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    pool = new WorkerPool({ app: join('specs', 'integration', 'fixtures', 'chaos-app.ts'), env: { CELERIAC_PREFIX: 'restart', REDIS_URL: redis.url } });
    await Promise.all([pool.start(), pool.start()]);
    client = createApp({ redis: redis.url, prefix: 'restart' });
  });

  afterAll(async () => {
    await pool.stopAll();
    await client.close();
    await redis.stop();
  });

  it('every workflow still finishes with the right result', async () => {
    const canvases: Array<{ canvas: Canvas; expected: ReturnType<typeof interpret> }> = fc
      .sample(shapeArbitrary(5), { seed: 42, numRuns: 12 })
      .map((shape) => buildCanvas(shape))
      .map((canvas) => ({ canvas, expected: interpret(canvas) }));
    canvases.push({
      canvas: chord(Array.from({ length: 300 }, (_, i) => signature('add', [i, 1])), signature('xsum')),
      expected: { status: 'SUCCESS', value: 45_150 },
    });
    const long = chain(...Array.from({ length: 40 }, (_, i) => signature('ok', [1000 + i])));
    canvases.push({ canvas: long, expected: interpret(long) });
    const applied = await Promise.all(canvases.map(({ canvas }) => client.apply(canvas)));
    await sleep(250);
    await redis.crash();
    await sleep(1000);
    await redis.start();
    for (const [i, res] of applied.entries()) {
      const { expected } = canvases[i]!;
      const end = await res.get({ timeout: 60_000 }).then(
        (value) => ({ ok: true as const, value }),
        (error: Error) => ({ ok: false as const, got: `${error.name}#${labelIn(error.message)}` }),
      );
      if (expected.status === 'SUCCESS') expect(end, `canvas ${i}`).toEqual({ ok: true, value: expected.value });
      else expect([...expected.possible], `canvas ${i}`).toContain((end as { got: string }).got);
    }
  });
});
