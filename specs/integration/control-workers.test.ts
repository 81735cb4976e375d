import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, chord, createApp, group, RevokedError, signature, type App, type NodeSnapshot } from '../../index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';
import { WorkerPool } from './support/worker-processes.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const root = join(import.meta.dirname, '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Record {
  readonly event: string;
  readonly label: string;
  readonly pid: number;
  readonly at: number;
}

/** Steering a fleet of two real `celeriac worker` processes on Redis, from this process and from the CLI. */
describe('when two celeriac worker processes run the app', () => {
  const prefix = `test-${randomUUID()}`;
  const env = { CELERIAC_PREFIX: prefix, REDIS_URL: redisUrl };
  const pool = new WorkerPool({ app: join('specs', 'integration', 'fixtures', 'control-app.ts'), env, concurrency: 6, queues: 'default,io' });
  let producer: App;
  let redis: Redis;

  const records = async (): Promise<Record[]> =>
    (await redis.lrange(`${prefix}:records`, 0, -1)).map((line) => {
      const [event, label, pid, at] = line.split(' ');
      return { event: event!, label: label!, pid: Number(pid), at: Number(at) };
    });
  const until = async (condition: (all: Record[]) => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await records();
      if (condition(all)) return all;
      if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(all)}`);
      await sleep(20);
    }
  };
  const unfinished = (nodes: readonly NodeSnapshot[]) => nodes.filter((n) => !['SUCCESS', 'FAILURE', 'REVOKED'].includes(n.state));

  /** `celeriac <args>` in a process of its own, against the fleet through REDIS_URL and CELERIAC_PREFIX. */
  const celeriac = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(root, 'bin', 'celeriac.js'), ...args], { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    redis = new Redis(redisUrl);
    producer = createApp({ redis: redisUrl, prefix });
    await Promise.all([pool.start(), pool.start()]);
  });

  afterAll(async () => {
    await pool.stopAll();
    await producer.close();
    await redis.quit();
    await deleteKeys(prefix);
  });

  describe('when a chord whose members run on both workers is revoked with terminate', () => {
    it('aborts every running handler within 1 s of the call, and no node is left PENDING', async () => {
      await redis.del(`${prefix}:records`);
      const hold = (label: string) => producer.signature('hold', [label, 20_000]);
      const res = await producer.apply(chord(Array.from({ length: 10 }, (_, i) => hold(`m${i}`)), producer.signature('quick', ['body'])));
      const started = await until((all) => all.filter((r) => r.event === 'start').length === 10);
      expect(new Set(started.map((r) => r.pid)).size).toBe(2);
      const at = Date.now();
      await res.revoke({ terminate: true });
      await sleep(1_000);
      const after = await records();
      const aborts = after.filter((r) => r.event === 'abort');
      expect(aborts.map((r) => r.label).sort()).toEqual(started.map((r) => r.label).sort());
      const slowest = Math.max(...aborts.map((abort) => abort.at - at));
      console.log(`terminate: ${aborts.length} handlers on 2 worker processes aborted within ${slowest} ms of the revoke call`);
      expect(slowest).toBeLessThan(1_000);
      expect(after.filter((r) => r.event === 'end')).toEqual([]);
      await expect(res.get({ timeout: 2_000 })).rejects.toBeInstanceOf(RevokedError);
      expect(unfinished(await res.nodes())).toEqual([]);
      expect(after.some((r) => r.label === 'body')).toBe(false);
    });
  });

  describe('when `celeriac revoke --terminate --json` runs in another process', () => {
    it('ends the workflow REVOKED, reports it as JSON and exits 0; an unknown id exits 1', async () => {
      await redis.del(`${prefix}:records`);
      const res = await producer.apply(producer.signature('hold', ['cli', 20_000]));
      await until((all) => all.some((r) => r.event === 'start' && r.label === 'cli'));
      const ran = await celeriac(['revoke', res.id, '--terminate', '--json']);
      expect(ran.code, ran.stderr).toBe(0);
      expect(JSON.parse(ran.stdout)).toMatchObject({ id: res.id, state: 'REVOKED', revoked: true, terminate: true });
      await until((all) => all.some((r) => r.event === 'abort' && r.label === 'cli'), 2_000);
      const unknown = await celeriac(['revoke', 'no-such-workflow', '--json']);
      expect(unknown.code).toBe(1);
      expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { name: 'NotFound' } });
    });
  });

  describe('when the CLI pauses a queue, purges it and resumes it', () => {
    it('holds the tasks, drops them with --yes, revokes their workflows, and nothing of them runs', async () => {
      await redis.del(`${prefix}:records`);
      const paused = await celeriac(['pause', 'default', '--json']);
      expect(paused.code, paused.stderr).toBe(0);
      expect(JSON.parse(paused.stdout)).toEqual({ queue: 'default', paused: true });
      const runs = await Promise.all([1, 2, 3].map((n) => producer.apply(group(producer.signature('quick', [`p${n}a`]), producer.signature('quick', [`p${n}b`])))));
      await sleep(300);
      expect(await records()).toEqual([]);
      expect((await celeriac(['purge', '--queue', 'default'])).code).toBe(2);
      const purged = await celeriac(['purge', '--queue', 'default', '--yes', '--json']);
      expect(purged.code, purged.stderr).toBe(0);
      const result = JSON.parse(purged.stdout) as { tasks: number; workflows: string[] };
      expect(result.tasks).toBe(6);
      expect(result.workflows.sort()).toEqual(runs.map((r) => r.id).sort());
      const resumed = await celeriac(['resume', 'default', '--json']);
      expect(JSON.parse(resumed.stdout)).toEqual({ queue: 'default', paused: false });
      for (const res of runs) {
        await expect(res.get({ timeout: 2_000 })).rejects.toBeInstanceOf(RevokedError);
        expect(unfinished(await res.nodes())).toEqual([]);
      }
      await sleep(300);
      expect(await records()).toEqual([]);
    });
  });

  describe('when a workflow failed on one worker and `celeriac retry --json` runs in another process', () => {
    it('runs it again from the failure on the fleet, keeping what succeeded, and handles held resolve', async () => {
      await redis.del(`${prefix}:records`);
      await redis.del(`${prefix}:healed`);
      const quick = (label: string) => producer.signature('quick', [label]);
      const res = await producer.apply(chain(quick('first'), signature('healing', ['mend'], { immutable: true }), signature('quick', ['last'], { immutable: true })));
      await expect(res.get({ timeout: 10_000 })).rejects.toThrow(/not healed yet/);
      await redis.set(`${prefix}:healed`, '1');
      const ran = await celeriac(['retry', res.id, '--json']);
      expect(ran.code, ran.stderr).toBe(0);
      expect(JSON.parse(ran.stdout)).toMatchObject({ id: res.id, retried: true, from: 'FAILURE' });
      expect(await res.get({ timeout: 10_000 })).toBe('last');
      expect((await records()).map((r) => r.label)).toEqual(['first', 'mend', 'mend', 'last']);
      const again = await celeriac(['retry', res.id, '--json']);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ retried: false, state: 'SUCCESS' });
      const unknown = await celeriac(['retry', 'no-such-workflow', '--json']);
      expect(unknown.code).toBe(1);
      expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { name: 'NotFound' } });
    });
  });

  describe('when a producer that registered nothing applies a task by name', () => {
    it("runs it with the retries, queue and retryOn the workers registered", async () => {
      await redis.del(`${prefix}:records`);
      const res = await producer.apply(producer.signature('flaky'));
      expect(await res.get({ timeout: 10_000 })).toBe(3);
      expect((await records()).map((r) => r.label)).toEqual(['flaky#1', 'flaky#2', 'flaky#3']);
    });
  });
});
