import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisAdapter } from '../../adapters/redis/index.js';
import { chain, chord, createApp, signature, type App } from '../../index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';

const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('when the process revoking a workflow dies after the revoked mark, before it settled the nodes', () => {
  const prefix = `test-${randomUUID()}`;
  let app: App | undefined;
  const adapter = createRedisAdapter({ redis, prefix });
  afterEach(async () => {
    await app?.close();
    await adapter.close();
    await deleteKeys(prefix);
  });

  it('shows no node PENDING, and revoking again settles them REVOKED in the store', async () => {
    app = createApp({ redis, prefix });
    // Nothing consumes the queue: every node is still waiting when the revoke comes.
    const res = await app.apply(chain(signature('add', [1, 1]), chord([signature('add', [1]), signature('add', [2])], signature('xsum'))).set({ queue: 'nobody' }));
    // The first half of a revoke, as the dying process left it: the store's mark and the workflow's end.
    expect((await adapter.store.revokeWorkflow(res.id))?.outcome.status).toBe('REVOKED');
    expect((await adapter.store.readNode(res.id, 'r.1.b')).state).toBe('PENDING');

    const shown = await res.nodes();
    expect(shown.map((node) => [node.id, node.state])).toEqual(shown.map((node) => [node.id, 'REVOKED']));

    await app.revoke(res.id);
    for (const node of shown) expect(await adapter.store.readNode(res.id, node.id)).toMatchObject({ state: 'REVOKED', outcome: { status: 'REVOKED', cascaded: true } });
  });
});
