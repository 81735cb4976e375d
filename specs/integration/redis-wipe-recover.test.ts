import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, createApp, signature, type App, type Canvas } from '../../index.js';
import { buildCanvas, shapeArbitrary } from '../property/arbitraries/workflow.js';
import { labelIn } from '../property/reference/behaviours.js';
import { interpret } from '../property/reference/interpret.js';
import { PrivateRedis } from './support/private-redis.js';
import { WorkerPool } from './support/worker-processes.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const fixture = join('specs', 'integration', 'fixtures', 'durable-app.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('when Redis loses all its data while PostgreSQL-backed workflows run', () => {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  let redis: PrivateRedis;
  let env: Record<string, string>;
  let client: App;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    env = { REDIS_URL: redis.url, CELERIAC_PREFIX: 'durable', CELERIAC_PG_SCHEMA: schema };
    client = createApp({ redis: redis.url, prefix: 'durable', store: 'postgres', postgresSchema: schema });
  });

  afterAll(async () => {
    await client.close();
    await redis.stop();
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
  });

  it('celeriac recover re-drives every unfinished workflow to its correct end, and running it twice changes nothing', async () => {
    const canvases: Canvas[] = fc.sample(shapeArbitrary(5), { seed: 99, numRuns: 10 }).map((shape) => buildCanvas(shape));
    canvases.push(chain(...Array.from({ length: 15 }, (_, i) => signature('ok', [500 + i]))));
    const workers = new WorkerPool({ app: fixture, env });
    await Promise.all([workers.start(), workers.start()]);
    const applied = await Promise.all(canvases.map((canvas) => client.apply(canvas)));
    await sleep(300);

    // Disaster: every worker dies and Redis loses everything (queues, jobs, locks).
    await workers.stopAll();
    const wipe = new Redis(redis.url);
    await wipe.flushall();
    await wipe.quit();
    const unfinished = (await Promise.all(applied.map((res) => res.ready()))).filter((ready) => !ready).length;
    expect(unfinished, 'the wipe must land mid-workflow').toBeGreaterThan(0);

    const recover = () => run(process.execPath, [join(root, 'bin', 'celeriac.js'), 'recover', '--app', fixture], { cwd: root, env: { ...process.env, ...env } });
    const queued = async () => {
      const redisClient = new Redis(redis.url);
      const jobs = (await redisClient.keys('durable:default:*')).filter((key) => !/:(wait|paused|meta|id|events|marker|prioritized|delayed|active|completed|failed|stalled-check)$/.test(key));
      await redisClient.quit();
      return jobs.sort();
    };
    expect((await recover()).stdout).toContain(`re-drove ${unfinished} unfinished workflow`);
    const sentOnce = await queued();
    expect(sentOnce.length).toBeGreaterThan(0);
    // Recover alone may finish a workflow whose every task had ended before the wipe (only its finish was
    // lost), so the second recover finds those that are still unfinished, not as many as the first.
    const stillUnfinished = (await Promise.all(applied.map((res) => res.ready()))).filter((ready) => !ready).length;
    expect((await recover()).stdout).toContain(`re-drove ${stillUnfinished} unfinished workflow`);
    expect(await queued(), 'a second recover sends no new job').toEqual(sentOnce);

    const after = new WorkerPool({ app: fixture, env });
    await after.start();
    try {
      for (const [i, res] of applied.entries()) {
        const expected = interpret(canvases[i]!);
        const end = await res.get({ timeout: 60_000 }).then(
          (value) => ({ ok: true as const, value }),
          (error: Error) => ({ ok: false as const, got: `${error.name}#${labelIn(error.message)}` }),
        );
        if (expected.status === 'SUCCESS') expect(end, `canvas ${i}`).toEqual({ ok: true, value: expected.value });
        else expect([...expected.possible], `canvas ${i}`).toContain((end as { got: string }).got);
      }
    } finally {
      await after.stopAll();
    }
    expect((await recover()).stdout).toContain('re-drove 0 unfinished workflows');
  });
});
