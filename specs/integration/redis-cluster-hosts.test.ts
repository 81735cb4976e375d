import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkNamespaces } from './support/network-namespaces.js';
import { deleteClusterKeys, RedisCluster } from './support/redis-cluster.js';
import { WorkerPool } from './support/worker-processes.js';

const root = join(import.meta.dirname, '..', '..');
const hostNames = ['worker-a', 'worker-b', 'producer'] as const;

/** Runs the producer process (through `wrap`) and returns the JSON line it printed. */
function produce(wrap: readonly string[], env: Record<string, string>): Promise<{ where: string[]; sums: number[] }> {
  const [command, ...args] = [...wrap, process.execPath, '--import', 'tsx', join('specs', 'integration', 'fixtures', 'hosts-producer.ts')];
  const child = spawn(command!, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(JSON.parse(line) as { where: string[]; sums: number[] });
      else reject(new Error(`producer exited with ${code}: ${stderr}`));
    });
  });
}

// Workers on several machines, as separate network namespaces joined to the cluster's by veth links; where
// namespaces cannot be made (no CAP_SYS_ADMIN, no `ip`), plain processes on loopback stand in, and the test says so.
describe('when workers on several hosts share one Redis Cluster', () => {
  let net: NetworkNamespaces | undefined;
  let unavailable: string | undefined;
  let cluster: RedisCluster;
  const pools: WorkerPool[] = [];
  const prefix = `test-${randomUUID()}`;
  const wrap = (name: string) => (net ? net.wrap(name) : []);

  beforeAll(async () => {
    // CELERIAC_NO_NETNS=1 takes the fallback on purpose, to check it.
    const made = process.env.CELERIAC_NO_NETNS ? { unavailable: 'CELERIAC_NO_NETNS is set' } : await NetworkNamespaces.create(hostNames);
    if ('unavailable' in made) {
      unavailable = made.unavailable;
      console.warn(`[cluster-hosts] network namespaces are not available (${unavailable}): running the workers as separate processes on loopback instead`);
    } else net = made;
    cluster = await RedisCluster.start({ masters: 3, ...(net ? { host: net.hubAddress, wrap: net.wrap('hub') } : {}) });
  });

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.stopAll()));
    if (cluster) {
      // In namespaces the test process has no route to the nodes; their keys go with them (private, unpersisted).
      if (!net) {
        const admin = cluster.client();
        await deleteClusterKeys(admin, prefix).catch(() => undefined);
        admin.disconnect();
      }
      await cluster.stop();
    }
    await net?.destroy();
  });

  it('every host takes work over its own link, and every workflow finishes right', async () => {
    for (const host of ['worker-a', 'worker-b']) {
      const pool = new WorkerPool({
        app: join('specs', 'integration', 'fixtures', 'hosts-app.ts'),
        env: { REDIS_CLUSTER: cluster.env, REDIS_URL: '', CELERIAC_PREFIX: prefix, HOST_LABEL: host },
        concurrency: 4,
        wrap: wrap(host),
      });
      pools.push(pool);
      await pool.start();
    }
    const { where, sums } = await produce(wrap('producer'), { REDIS_CLUSTER: cluster.env, REDIS_URL: '', CELERIAC_PREFIX: prefix });
    expect(where.map((entry) => Number(entry.split('@')[0]))).toEqual(Array.from({ length: 60 }, (_, i) => i));
    const hosts = new Set(where.map((entry) => entry.split('@')[1]));
    expect([...hosts].sort()).toEqual(['worker-a', 'worker-b']);
    expect(sums).toEqual(Array.from({ length: 10 }, (_, k) => 190 + 20 * k));
    if (net) expect(cluster.env).toMatch(/^10\.77\.0\.1:/);
  });
});
