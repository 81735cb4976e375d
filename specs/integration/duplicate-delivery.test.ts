import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chord, createApp, currentTask, type App } from '../../index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';

const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const repetitions = 100;

describe('when the last chord member is delivered twice on Redis', () => {
  const prefix = `test-${randomUUID()}`;
  let app: App;
  let connection: Redis;
  let queue: Queue;
  const bodyRuns = new Map<string, number>();
  const lastMemberRuns = new Map<string, number>();
  const waiting = new Map<string, () => void>();

  function meetTwin(workflowId: string): Promise<void> {
    lastMemberRuns.set(workflowId, (lastMemberRuns.get(workflowId) ?? 0) + 1);
    const other = waiting.get(workflowId);
    if (other) {
      waiting.delete(workflowId);
      other();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      waiting.set(workflowId, resolve);
      setTimeout(resolve, 2000);
    });
  }

  beforeAll(() => {
    app = createApp({ redis, prefix });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    app.task('member', async (i: number) => {
      // The last member waits (up to 2 s) until its twin delivery is running too, so both commit and both see the join complete.
      if (i === 4) await meetTwin(currentTask().workflowId);
      return i * 10;
    });
    app.task('body', async (parts: number[]) => {
      const id = currentTask().workflowId;
      bodyRuns.set(id, (bodyRuns.get(id) ?? 0) + 1);
      await pause(30); // long enough that a second body job, if one were sent, would start before this one commits
      return parts;
    });
    app.worker({ concurrency: 300 }); // room for every waiting last member and its twin at once
    connection = new Redis(redis, { maxRetriesPerRequest: null });
    queue = new Queue('default', { connection, prefix });
  });

  afterAll(async () => {
    await queue.close();
    await connection.quit();
    await app.close();
    await deleteKeys(prefix);
  });

  it(`never runs the body twice, in ${repetitions} repetitions`, async () => {
    const header = [0, 1, 2, 3, 4].map((i) => app.signature('member', [i]));
    const runs = await Promise.all(
      Array.from({ length: repetitions }, async () => {
        const res = await app.apply(chord(header, app.signature('body')));
        // A second delivery of the same message, as BullMQ makes when a lock expires while the job still runs.
        await queue.add('default', { workflowId: res.id, nodeId: 'r.4', attempt: 1 }, { jobId: `duplicate-${randomUUID()}` });
        return res;
      }),
    );
    for (const res of runs) expect(await res.get({ timeout: 30_000 })).toEqual([0, 10, 20, 30, 40]);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let any late twin finish
    expect([...lastMemberRuns.values()].filter((n) => n < 2).length, 'workflows whose last member ran only once').toBeLessThan(repetitions / 2);
    expect([...bodyRuns.values()].filter((n) => n !== 1)).toEqual([]);
    expect(bodyRuns.size).toBe(repetitions);
  });
});
