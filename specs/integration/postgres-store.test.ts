import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Json } from '../../canvas/json.js';
import type { Plan } from '../../canvas/plan.js';
import type { Outcome } from '../../engine/ports/outcome.js';
import { createPostgresStore, migrate, type PostgresResultStore, type PostgresStoreOptions } from '../../adapters/postgres/index.js';

// What the contract suite cannot see from the port: callers in other processes (one store, one pool each),
// migrations racing, NOTIFY between stores, lost notifications, retention, and what close() leaves behind.

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const plan = (workflowId: string): Plan => ({ workflowId, root: 'r', createdAt: 0, nodes: {} });
const ok = (value: Json): Outcome => ({ status: 'SUCCESS', value });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('PostgresResultStore', () => {
  let schema: string;
  let stores: PostgresResultStore[];
  let admin: Client;
  const open = (options: PostgresStoreOptions = {}) => {
    const store = createPostgresStore({ schema, ...options });
    stores.push(store);
    return store;
  };
  const sql = async <Row,>(text: string, values: unknown[] = []) => (await admin.query(text, values)).rows as Row[];

  beforeEach(async () => {
    schema = `test_${randomBytes(8).toString('hex')}`;
    stores = [];
    admin = new Client({ connectionString: url });
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await admin.query(`DROP SCHEMA IF EXISTS ${admin.escapeIdentifier(schema)} CASCADE`);
    await admin.end();
  });

  describe('when two processes commit the same node at once', () => {
    it('lets exactly one write, and both go on with its outcome (100 races)', async () => {
      const [a, b] = [open(), open()];
      const wf = `wf-${randomUUID()}`;
      await a.createWorkflow(plan(wf));
      for (let race = 0; race < 100; race++) {
        const node = `r.${race}`;
        const [x, y] = await Promise.all([a.commitOutcome(wf, node, ok(`a${race}`)), b.commitOutcome(wf, node, ok(`b${race}`))]);
        expect([x.fresh, y.fresh].filter(Boolean)).toHaveLength(1);
        expect(y.outcome).toEqual(x.outcome);
        expect((await b.readNode(wf, node)).outcome).toEqual(x.outcome);
      }
    });
  });

  describe('when two processes commit the members of one join at once', () => {
    it('completes it exactly once, with the parts in index order (100 races)', async () => {
      const [a, b] = [open(), open()];
      const wf = `wf-${randomUUID()}`;
      await a.createWorkflow(plan(wf));
      const size = 6;
      for (let race = 0; race < 100; race++) {
        const joinId = `j${race}`;
        const order = Array.from({ length: size }, (_, i) => (i * 5 + race) % size);
        const results = await Promise.all(
          order.map((i, n) => (n % 2 === 0 ? a : b).commitOutcome(wf, `${joinId}.${i}`, ok(i * 10), { joinId, index: i, size })),
        );
        const complete = results.filter((result) => result.parts);
        expect(complete).toHaveLength(1);
        expect(complete[0]?.parts).toEqual([0, 10, 20, 30, 40, 50]);
      }
    });

    it('gives every caller that finds it complete the first value per index, when each member is delivered to both', async () => {
      const [a, b] = [open(), open()];
      const wf = `wf-${randomUUID()}`;
      await a.createWorkflow(plan(wf));
      for (let race = 0; race < 20; race++) {
        const joinId = `j${race}`;
        const deliveries = [0, 1, 2].flatMap((i) => [a, b].map((store, copy) => ({ i, store, copy })));
        const results = await Promise.all(deliveries.map(({ i, store, copy }) => store.commitOutcome(wf, `${joinId}.${i}`, ok(`${i}${copy}`), { joinId, index: i, size: 3 })));
        const firsts = [0, 1, 2].map((i) => results.find((r, n) => deliveries[n]?.i === i && r.fresh)?.outcome);
        expect(results.filter((r) => r.fresh)).toHaveLength(3);
        const parts = results.flatMap((r) => (r.parts ? [r.parts] : []));
        expect(parts.length).toBeGreaterThan(0);
        for (const p of parts) expect(p.map((value) => ok(value))).toEqual(firsts);
      }
    });
  });

  describe('when a join has thousands of members', () => {
    it('completes once, in index order', async () => {
      const store = open({ pool: { max: 20 } });
      const wf = `wf-${randomUUID()}`;
      const size = 2000;
      const order = Array.from({ length: size }, (_, i) => (i * 7919) % size);
      const results = await Promise.all(order.map((i) => store.commitOutcome(wf, `r.${i}`, ok(i), { joinId: 'r', index: i, size })));
      const complete = results.filter((r) => r.parts);
      expect(complete).toHaveLength(1);
      expect(complete[0]?.parts).toEqual(Array.from({ length: size }, (_, i) => i));
    });
  });

  describe('when values hold what jsonb would refuse or round', () => {
    it('returns them exactly, in outcomes, parts, workflow outcomes and plans', async () => {
      const store = open();
      const value = { nul: 'a\u0000b', lone: '\ud800', pair: '🎉', sum: 0.1 + 0.2, big: 2 ** 53 - 1, tiny: 5e-324, huge: 1e300, neg: -1.5e-7, keys: { b: 1, a: 2 } };
      const wf = `wf-${randomUUID()}`;
      const options = { retries: 0, backoff: null, expiresAt: null, timeout: null, priority: null, queue: 'default', rateLimit: null };
      const task = { kind: 'task', id: 'r', parent: null, index: 0, role: 'root', trigger: null, links: [], errbacks: [], countdown: null, eta: null } as const;
      const withArgs: Plan = { ...plan(wf), nodes: { r: { ...task, task: 'echo', args: [value], immutable: false, options } } };
      await store.createWorkflow(withArgs);
      expect(await store.loadPlan(wf)).toEqual(withArgs);
      expect((await store.commitOutcome(wf, 'r.0', ok(value), { joinId: 'r', index: 0, size: 1 })).parts).toEqual([value]);
      expect((await store.readNode(wf, 'r.0')).outcome).toEqual(ok(value));
      const failure: Outcome = { status: 'FAILURE', failure: { type: 'TaskError', message: 'bad \u0000 byte' } };
      expect(await store.finishWorkflow(wf, failure)).toEqual(failure);
      expect((await store.readWorkflow(wf))?.outcome).toEqual(failure);
    });
  });

  describe('when five processes start on a new schema at once', () => {
    it('applies each migration exactly once, and again changes nothing', async () => {
      const pools = Array.from({ length: 5 }, () => new Pool({ connectionString: url }));
      try {
        const applied = await Promise.all(pools.map((pool) => migrate(pool, schema)));
        // Each file once, whichever process applied it.
        expect(applied.flat().sort()).toEqual(['001_initial', '002_once', '003_reopen', '004_workflow_list', '005_revoke_fresh', '006_stale_run', '007_commit_root']);
        expect(await Promise.all(pools.map((pool) => migrate(pool, schema)))).toEqual([[], [], [], [], []]);
      } finally {
        await Promise.all(pools.map((pool) => pool.end()));
      }
      const rows = await sql<{ name: string }>(`SELECT name FROM ${admin.escapeIdentifier(schema)}.celeriac_migrations`);
      expect(rows.map((row) => row.name).sort()).toEqual(['001_initial', '002_once', '003_reopen', '004_workflow_list', '005_revoke_fresh', '006_stale_run', '007_commit_root']);
    });

    it('lets five stores migrate lazily on first use and all work', async () => {
      const five = Array.from({ length: 5 }, () => open());
      const wf = `wf-${randomUUID()}`;
      const created = await Promise.allSettled(five.map((store) => store.createWorkflow(plan(wf))));
      expect(created.map((r) => r.status)).toEqual(Array(5).fill('fulfilled'));
      expect(await Promise.all(five.map((store) => store.readWorkflow(wf)))).toEqual(Array(5).fill({ state: 'PENDING' }));
    });
  });

  describe('listUnfinished', () => {
    it('lists workflows without an outcome, oldest plan first, up to the limit', async () => {
      const store = open();
      const ids = Array.from({ length: 5 }, (_, i) => `wf-${i}-${randomUUID()}`);
      // Created out of order: the plan's createdAt decides, as in the memory store.
      for (const i of [4, 0, 3, 2, 1]) await store.createWorkflow({ ...plan(ids[i]!), createdAt: 1000 + i });
      await store.finishWorkflow(ids[1]!, ok(1));
      await store.revokeWorkflow(ids[3]!);
      expect(await store.listUnfinished()).toEqual([ids[0], ids[2], ids[4]]);
      expect(await store.listUnfinished(2)).toEqual([ids[0], ids[2]]);
      expect(await store.listUnfinished(0)).toEqual([]);
      await expect(store.listUnfinished(-1)).rejects.toThrow(/`limit` to be an integer from 0 and up, or Infinity, got `-1` \(number\)/);
    });

    it('orders workflows planned in the same millisecond by when the store got them', async () => {
      const store = open();
      const ids = Array.from({ length: 3 }, () => `wf-${randomUUID()}`);
      for (const id of ids) await store.createWorkflow(plan(id));
      expect(await store.listUnfinished()).toEqual(ids);
    });
  });

  describe('readOutcomes', () => {
    it('returns every node that has an outcome, and nothing of nodes that only began', async () => {
      const store = open();
      const wf = `wf-${randomUUID()}`;
      const cascaded: Outcome = { status: 'REVOKED', reason: 'chain failed', cascaded: true };
      await store.createWorkflow(plan(wf));
      await store.beginAttempt(wf, 'r.0', 1);
      await store.commitOutcome(wf, 'r.0', ok([1, 2]));
      await store.beginAttempt(wf, 'r.1', 1);
      await store.settleMany(wf, ['r.2', 'r.3'], cascaded);
      expect(await store.readOutcomes(wf)).toEqual({ 'r.0': ok([1, 2]), 'r.2': cascaded, 'r.3': cascaded });
      expect(await store.readOutcomes(`wf-${randomUUID()}`)).toEqual({});
    });
  });

  describe('when the workflow finishes in another process', () => {
    it('wakes the waiter through NOTIFY', async () => {
      const [waiting, finishing] = [open(), open()];
      const wf = `wf-${randomUUID()}`;
      await finishing.createWorkflow(plan(wf));
      const result = waiting.waitForOutcome(wf, 5000);
      await sleep(100);
      const started = Date.now();
      await finishing.finishWorkflow(wf, ok(9));
      expect(await result).toEqual(ok(9));
      expect(Date.now() - started).toBeLessThan(500);
    });
  });

  describe('when the finish is not notified', () => {
    it('still resolves on the next re-check', async () => {
      const store = open();
      const wf = `wf-${randomUUID()}`;
      await store.createWorkflow(plan(wf));
      const result = store.waitForOutcome(wf, 5000);
      await sleep(50);
      await sql(`UPDATE ${admin.escapeIdentifier(schema)}.workflows SET state = 'SUCCESS', outcome = $2, value = '4' WHERE id = $1`, [wf, '{"status":"SUCCESS"}']);
      expect(await result).toEqual(ok(4));
    });
  });

  describe('when the listening connection is killed', () => {
    it('resolves the waiter on a re-check and listens again on a new connection', async () => {
      const [waiting, finishing] = [open({ pool: { application_name: schema } }), open()];
      const [first, second] = [`wf-${randomUUID()}`, `wf-${randomUUID()}`];
      await finishing.createWorkflow(plan(first));
      await finishing.createWorkflow(plan(second));
      const result = waiting.waitForOutcome(first, 5000);
      await sleep(100);
      const killed = await sql<{ killed: boolean }>(
        `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'`,
        [schema],
      );
      expect(killed).toEqual([{ killed: true }]);
      await finishing.finishWorkflow(first, ok(1));
      expect(await result).toEqual(ok(1));
      const again = waiting.waitForOutcome(second, 5000);
      await sleep(100);
      const started = Date.now();
      await finishing.finishWorkflow(second, ok(2));
      expect(await again).toEqual(ok(2));
      expect(Date.now() - started).toBeLessThan(500);
    });
  });

  describe('when the store closes', () => {
    it('resolves waits for ever with undefined and leaves no timer or connection behind', async () => {
      const before = timers();
      const store = open({ pool: { application_name: schema } });
      const wf = `wf-${randomUUID()}`;
      await store.createWorkflow(plan(wf));
      const result = store.waitForOutcome(wf, Infinity);
      await sleep(50);
      expect((await sql(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1`, [schema])).length).toBeGreaterThanOrEqual(2);
      await store.close();
      expect(await result).toBeUndefined();
      expect(timers()).toBeLessThanOrEqual(before);
      // The server drops a backend from pg_stat_activity a moment after the client hung up.
      await expect.poll(() => sql(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [schema]), { timeout: 2000 }).toEqual([]);
      await expect(store.readWorkflow(wf)).rejects.toThrow(/closed/);
      await store.close();
    });
  });

  describe('purgeExpired', () => {
    it('deletes workflows whose every row has expired, and keeps a workflow with a live node', async () => {
      const store = open();
      const [old, live] = [`wf-${randomUUID()}`, `wf-${randomUUID()}`];
      const s = admin.escapeIdentifier(schema);
      for (const wf of [old, live]) {
        await store.createWorkflow(plan(wf));
        await store.commitOutcome(wf, 'r.0', ok(0), { joinId: 'r', index: 0, size: 2 });
        await store.recordOnce(wf, `${wf}:r.0:charge`, 'ch-1');
        await store.finishWorkflow(wf, ok(0));
      }
      await store.acquireRateSlot('task:add', { max: 1, perMs: 1 }, Date.now());
      for (const table of ['workflows', 'nodes', 'joins', 'join_parts', 'once_results', 'rate_limits']) {
        await sql(`UPDATE ${s}.${table} SET expires_at = now() - interval '1 second'`);
      }
      await sql(`UPDATE ${s}.nodes SET expires_at = now() + interval '1 hour' WHERE workflow_id = $1`, [live]);
      expect(await store.purgeExpired()).toBe(1);
      expect(await store.loadPlan(old)).toBeUndefined();
      expect(await store.readOutcomes(old)).toEqual({});
      expect(await store.loadPlan(live)).toEqual(plan(live));
      expect(await store.readOutcomes(live)).toEqual({ 'r.0': ok(0) });
      expect(await store.readOnce(live, `${live}:r.0:charge`)).toEqual({ value: 'ch-1' });
      const left = await sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM ${s}.joins WHERE workflow_id = $1)::int + (SELECT count(*) FROM ${s}.join_parts WHERE workflow_id = $1)::int
              + (SELECT count(*) FROM ${s}.once_results WHERE workflow_id = $1)::int
              + (SELECT count(*) FROM ${s}.rate_limits)::int AS n`,
        [old],
      );
      expect(left).toEqual([{ n: 0 }]);
    });
  });

  describe('when a workflow is revoked while its tasks begin', () => {
    it('lets no attempt run after the revoke returned', async () => {
      const [a, b] = [open(), open()];
      const wf = `wf-${randomUUID()}`;
      await a.createWorkflow(plan(wf));
      const begins = Array.from({ length: 20 }, (_, i) => a.beginAttempt(wf, `r.${i}`, 1));
      await b.revokeWorkflow(wf);
      await Promise.all(begins);
      for (let i = 20; i < 30; i++) expect(await a.beginAttempt(wf, `r.${i}`, 1)).toEqual({ kind: 'revoked' });
      expect((await b.readNode(wf, 'r.25')).outcome).toMatchObject({ status: 'REVOKED', cascaded: true });
      expect(await a.readWorkflow(wf)).toMatchObject({ state: 'REVOKED' });
    });
  });

  describe('when options are out of range', () => {
    it('says which option, what was expected and what came', () => {
      expect(() => createPostgresStore({ schema: 'Bad-Name' })).toThrow(/Expected `schema` to be a lowercase SQL identifier.*got `Bad-Name` \(string\)/);
      expect(() => createPostgresStore({ schema: 'x'.repeat(55) })).toThrow(/`schema`/);
      expect(() => createPostgresStore({ resultTtlSeconds: 0 })).toThrow(/`resultTtlSeconds` to be an integer from 1 to 2147483647, got `0` \(number\)/);
      expect(() => createPostgresStore({ url: 'mysql://x' })).toThrow(/`url` to be a postgres:\/\/ or postgresql:\/\/ URL, got `mysql:\/\/x`/);
      expect(() => createPostgresStore({ url: 'postgres://me:secret@db/x', pool: { connectionString: 'postgres://other' } })).toThrow(/`pool.connectionString`.*use `url`/);
    });
  });
});
