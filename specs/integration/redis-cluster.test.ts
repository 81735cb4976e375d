import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAdapter } from '../../adapters/redis/index.js';
import { workflowKeys } from '../../adapters/redis/keys.js';
import { chain, chord, createApp, signature } from '../../index.js';
import { appContract } from '../contract/app.contract.js';
import { applyIdsContract } from '../contract/apply-ids.contract.js';
import { controlContract } from '../contract/control.contract.js';
import { retryContract } from '../contract/retry.contract.js';
import { taskCatalogContract } from '../contract/task-catalog.contract.js';
import { twoAppsOf, workerDefaultsContract } from '../contract/worker-defaults.contract.js';
import { brokerContract } from '../contract/broker.contract.js';
import { rateLimiterContract } from '../contract/rate-limiter.contract.js';
import { resultStoreContract } from '../contract/result-store.contract.js';
import { schedulerContract } from '../contract/scheduler.contract.js';
import { deleteClusterKeys, RedisCluster } from './support/redis-cluster.js';

// One three-master cluster of private redis-servers for the whole file: the same contract suites as on one Redis.
let cluster: RedisCluster;
let admin: Cluster;

beforeAll(async () => {
  cluster = await RedisCluster.start({ masters: 3 });
  admin = cluster.client();
});

afterAll(async () => {
  admin?.disconnect();
  await cluster?.stop();
});

function clusterApp() {
  const prefix = `test-${randomUUID()}`;
  const app = createApp({ redis: { cluster: cluster.nodes }, prefix });
  return { app, prefix, cleanup: () => app.close().then(() => deleteClusterKeys(admin, prefix)) };
}

async function clusterAdapter() {
  const prefix = `test-${randomUUID()}`;
  const adapter = createRedisAdapter({ redis: { cluster: cluster.nodes }, prefix });
  return { ...adapter, cleanup: () => adapter.close().then(() => deleteClusterKeys(admin, prefix)) };
}

appContract('redis cluster', async () => clusterApp());
resultStoreContract('redis cluster', clusterAdapter, { endsWithRootCommit: true });
brokerContract('redis cluster', clusterAdapter);
schedulerContract('redis cluster', clusterAdapter);
rateLimiterContract('redis cluster', clusterAdapter);
taskCatalogContract('redis cluster', clusterAdapter);
applyIdsContract('redis cluster', async () => clusterApp());
controlContract('redis cluster', async () => clusterApp());
retryContract('redis cluster', async () => clusterApp());
workerDefaultsContract('redis cluster', async () => {
  const prefix = `test-${randomUUID()}`;
  return twoAppsOf((logger) => createApp({ redis: { cluster: cluster.nodes }, prefix, logger }), () => deleteClusterKeys(admin, prefix));
});

describe('the key layout on a cluster', () => {
  // The cluster's own answer (CLUSTER KEYSLOT), not a reimplementation of its hash.
  const slot = async (key: string) => Number(await admin.cluster('KEYSLOT', key));

  it('keeps every key of one workflow in one slot, and a queue in one slot of its own', async () => {
    const keys = workflowKeys('celeriac', 'wf-1');
    const all = [keys.plan, keys.meta, keys.once, keys.parts('r.1')];
    expect(new Set(await Promise.all(all.map(slot))).size).toBe(1);
    expect(await slot('celeriac:finished:{wf-1}')).toBe(await slot(keys.meta));
    const adapter = createRedisAdapter({ redis: { cluster: cluster.nodes }, prefix: 'celeriac' });
    expect(adapter.broker.prefixOf('default')).toBe('{celeriac:default}');
    expect(await slot('{celeriac:default}:default:wait')).toBe(await slot('{celeriac:default}:default:active'));
    expect(await slot('{celeriac:default}:default:wait')).not.toBe(await slot('{celeriac:math}:math:wait'));
  });

  it('spreads different workflows over every master, and they finish', async () => {
    const { app, prefix, cleanup } = clusterApp();
    try {
      app.task('add', (x: number, y: number) => x + y);
      app.task('xsum', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
      const worker = app.worker({ concurrency: 8 });
      const applied = await Promise.all(
        Array.from({ length: 30 }, (_, i) => app.apply(chain(signature('add', [i, 1]), chord([signature('add', [1]), signature('add', [2])], signature('xsum'))))),
      );
      const results = await Promise.all(applied.map((res) => res.get({ timeout: 30_000 })));
      expect(results).toEqual(Array.from({ length: 30 }, (_, i) => 2 * (i + 1) + 3));
      const masters = admin.nodes('master');
      const perMaster = await Promise.all(masters.map(async (node) => (await node.keys(`${prefix}:wf:*`)).length));
      expect(perMaster.every((count) => count > 0)).toBe(true);
      await worker.close();
    } finally {
      await cleanup();
    }
  });

  it('announces a workflow\'s end on its own sharded channel, in its slot', async () => {
    const { app, prefix, cleanup } = clusterApp();
    const listener = new Cluster(cluster.nodes, { shardedSubscribers: true });
    try {
      app.task('later', async (x: number) => (await new Promise((resolve) => setTimeout(resolve, 500)), x));
      app.worker({ concurrency: 2 });
      const heard = new Promise<string>((resolve) => listener.on('smessage', (_channel: string, message: string) => resolve(message)));
      const res = await app.apply(signature('later', [5]));
      const id = res.id;
      await listener.ssubscribe(`${prefix}:finished:{${id}}`);
      expect(await heard).toBe(`${id}\n{"status":"SUCCESS","value":5}`);
      expect(await res.get({ timeout: 10_000 })).toBe(5);
    } finally {
      listener.disconnect();
      await cleanup();
    }
  });

  it('runs through the CLI with REDIS_CLUSTER alone: run --worker, then status from another process', async () => {
    const prefix = `test-${randomUUID()}`;
    const dir = mkdtempSync(join(tmpdir(), 'celeriac-cluster-cli-'));
    const doc = join(dir, 'wf.json');
    writeFileSync(doc, JSON.stringify({ chord: { header: [{ task: 'add', args: [1, 2] }, { task: 'add', args: [3, 4] }], body: { task: 'xsum' } } }));
    const root = join(import.meta.dirname, '..', '..');
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [join(root, 'bin', 'celeriac.js'), ...args], {
        cwd: root,
        env: { ...process.env, REDIS_CLUSTER: cluster.env, REDIS_URL: '', CELERIAC_PREFIX: prefix },
        timeout: 60_000,
      });
    try {
      const ran = await cli('run', '--app', join('specs', 'integration', 'fixtures', 'hosts-app.ts'), doc, '--wait', '--worker');
      const { id, result } = JSON.parse(ran.stdout) as { id: string; result: number };
      expect(result).toBe(10);
      const status = await cli('status', id);
      expect(JSON.parse(status.stdout)).toMatchObject({ id, state: 'SUCCESS', result: 10 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await deleteClusterKeys(admin, prefix);
    }
  });
});

describe('seeing what runs on a cluster', () => {
  // The worker registry's MULTI and MGET, the task catalog's and the workflow index's pipelines each span keys
  // of several names: they fail with a cross-slot error unless those keys share a slot.
  it('lists the worker, its queue and a failed workflow by state and task', async () => {
    const { app, cleanup } = clusterApp();
    try {
      app.task('add', (x: number, y: number) => x + y);
      app.task('boom', () => {
        throw new Error('boom');
      });
      const worker = app.worker({ concurrency: 2 });
      await worker.ready();
      const ok = await app.apply(chain(signature('add', [1, 2]), signature('add', [3])));
      const failed = await app.apply(chain(signature('add', [1, 2]), signature('boom'), signature('add', [1])));
      expect(await ok.get({ timeout: 30_000 })).toBe(6);
      await expect(failed.get({ timeout: 30_000 })).rejects.toThrow(/boom/);
      const workers = await app.inspect.workers();
      expect(workers.map((w) => w.id)).toEqual([worker.id]);
      expect((await app.inspect.queues()).map((q) => q.name)).toContain('default');
      const byState = await app.workflows({ state: 'FAILURE', task: 'boom' });
      expect(byState.items.map((w) => w.id)).toEqual([failed.id]);
      expect((await app.workflows({ task: 'add' })).items.map((w) => w.id).sort()).toEqual([ok.id, failed.id].sort());
      await worker.close();
      expect(await app.inspect.workers()).toEqual([]);
    } finally {
      await cleanup();
    }
  });
});
