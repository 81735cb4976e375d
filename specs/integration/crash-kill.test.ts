import { randomUUID } from 'node:crypto';
import { createApp } from '../../index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';
import { crashKillSuite } from './support/crash-kill-suite.js';

const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-${randomUUID()}`;

crashKillSuite({
  name: 'one Redis',
  workerEnv: () => ({ CELERIAC_PREFIX: prefix, REDIS_URL: redis, REDIS_CLUSTER: '' }),
  client: () => createApp({ redis, prefix }),
  cleanup: () => deleteKeys(prefix),
  schedules: Number(process.env.CELERIAC_KILL_SCHEDULES ?? 50),
  seed: Number(process.env.CELERIAC_KILL_SEED ?? 7),
});
