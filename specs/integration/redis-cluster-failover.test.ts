import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, chord, createApp, signature, type App } from '../../index.js';
import { deleteClusterKeys, RedisCluster } from './support/redis-cluster.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('when a cluster master is killed mid-run and its replica takes over', () => {
  let cluster: RedisCluster;
  let admin: Cluster;
  let app: App;
  const prefix = `test-${randomUUID()}`;

  beforeAll(async () => {
    cluster = await RedisCluster.start({ masters: 3, replicas: 1, nodeTimeoutMs: 2000 });
    admin = cluster.client();
    // Short locks, so that a job whose commands failed while the slot had no master comes back soon.
    app = createApp({ redis: { cluster: cluster.nodes }, prefix, lockDurationMs: 2000, stalledIntervalMs: 500 });
  });

  afterAll(async () => {
    await app?.close();
    if (admin) await deleteClusterKeys(admin, prefix).catch(() => undefined);
    admin?.disconnect();
    await cluster?.stop();
  });

  it('every workflow still finishes with the right result', async () => {
    app.task('step', async (x: number) => (await sleep(20), x + 1));
    app.task('xsum', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
    app.worker({ concurrency: 16 });
    const masters = await cluster.masterPorts();
    // The master of the default queue's slot, so that the queue itself fails over, not only some workflows.
    const victim = await cluster.masterOf(`{${prefix}:default}:default:wait`);
    expect(masters).toContain(victim);

    const steps = (n: number) => Array.from({ length: n }, () => signature('step'));
    const applied = await Promise.all(
      Array.from({ length: 24 }, (_, i) => app.apply(chain(signature('step', [i]), ...steps(14), chord(steps(3), signature('xsum'))))),
    );
    await sleep(300);
    // The replica gets what the applies stored before the kill, so that this tests a failover, not Redis's
    // asynchronous replication dropping acknowledged writes. What the workers write from here on may still be
    // lost with the master, and every run must still end right.
    await cluster.waitReplicated(victim);
    await cluster.kill(victim);
    await cluster.waitHealthy(30_000);
    expect(await cluster.masterPorts()).not.toContain(victim);

    const results = await Promise.all(applied.map((res) => res.get({ timeout: 60_000 })));
    expect(results).toEqual(Array.from({ length: 24 }, (_, i) => 3 * (i + 16)));
  });
});
