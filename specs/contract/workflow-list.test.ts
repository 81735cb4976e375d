import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../canvas/normalize.js';
import { plan } from '../../canvas/plan.js';
import { Signature } from '../../canvas/signature.js';
import { MemoryResultStore } from '../../adapters/memory/memory-result-store.js';
import { createPostgresStore } from '../../adapters/postgres/index.js';
import { createRedisAdapter } from '../../adapters/redis/index.js';
import { systemClock } from '../../engine/ports/clock.js';
import { deleteKeys } from './redis-cleanup.js';
import { workflowListContract } from './workflow-list.contract.js';

workflowListContract('memory', async () => {
  const store = new MemoryResultStore(systemClock);
  return { store, cleanup: () => store.close() };
});

workflowListContract('redis', async () => {
  const prefix = `test-${randomUUID()}`;
  const adapter = createRedisAdapter({ prefix });
  return { store: adapter.store, cleanup: () => adapter.close().then(() => deleteKeys(prefix)) };
});

workflowListContract('postgres', async () => {
  const schema = `test_${randomBytes(8).toString('hex')}`;
  const store = createPostgresStore({ schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      const client = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`).finally(() => client.end());
    },
  };
});

describe('the Redis workflow index', () => {
  it('drops entries whose workflow keys have expired, and reads no more than a bounded batch per call', async () => {
    const prefix = `test-${randomUUID()}`;
    const adapter = createRedisAdapter({ prefix });
    const redis = new Redis();
    try {
      for (const id of ['old', 'kept']) await adapter.store.createWorkflow(plan(normalize(new Signature('add', [1], false)), { workflowId: id, now: Date.now() }));
      // As if the TTL had run out for one of them.
      await redis.del(`${prefix}:wf:{old}:meta`);
      expect((await adapter.store.listWorkflows({ limit: 10 })).items.map((i) => i.id)).toEqual(['kept']);
      expect(await redis.zrange(`${prefix}:wfindex`, '0', '-1')).toEqual(['kept']);
      expect(await redis.ttl(`${prefix}:wfindex`)).toBeGreaterThan(86_400);
    } finally {
      await redis.quit();
      await adapter.close();
      await deleteKeys(prefix);
    }
  });
});
