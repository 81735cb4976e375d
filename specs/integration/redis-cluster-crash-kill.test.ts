import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../index.js';
import { crashKillSuite } from './support/crash-kill-suite.js';
import { deleteClusterKeys, RedisCluster } from './support/redis-cluster.js';

// The crash suite on a three-master cluster, with workers configured through REDIS_CLUSTER alone.
let cluster: RedisCluster;
let admin: Cluster;
const prefix = `test-${randomUUID()}`;

beforeAll(async () => {
  cluster = await RedisCluster.start({ masters: 3 });
  admin = cluster.client();
});

afterAll(async () => {
  admin?.disconnect();
  await cluster?.stop();
});

crashKillSuite({
  name: 'three-master Redis Cluster',
  workerEnv: () => ({ CELERIAC_PREFIX: prefix, REDIS_CLUSTER: cluster.env, REDIS_URL: '' }),
  client: () => createApp({ redis: { cluster: cluster.nodes }, prefix }),
  cleanup: () => deleteClusterKeys(admin, prefix),
  schedules: Number(process.env.CELERIAC_CLUSTER_KILL_SCHEDULES ?? 10),
  seed: Number(process.env.CELERIAC_KILL_SEED ?? 7),
});
