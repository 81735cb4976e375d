import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresResultStore } from '../../adapters/postgres/index.js';
import type { App } from '../../engine/app.js';
import { chain, chord } from '../../index.js';
import { appOnStore } from '../support/app-on-store.js';

// The engine end to end on the PostgreSQL store, with a broker that can be thrown away: a workflow runs to its
// end, and `recover` finishes one whose broker lost every message, from what PostgreSQL kept.

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

describe('App on the PostgreSQL store', () => {
  let schema: string;
  let stores: PostgresResultStore[];
  let apps: App[];

  /** An app on a fresh broker; one whose task never returns cannot close (its worker waits), so it is left, as a dead process would be. */
  function appOn(store: PostgresResultStore, blockOn?: 'gate') {
    const made = appOnStore(store, blockOn);
    if (!blockOn) apps.push(made.app);
    return made;
  }
  const open = () => {
    const store = createPostgresStore({ schema });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    schema = `test_${randomBytes(8).toString('hex')}`;
    stores = [];
    apps = [];
  });
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(stores.map((store) => store.close()));
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${admin.escapeIdentifier(schema)} CASCADE`);
    await admin.end();
  });

  describe('when a chain with a chord runs', () => {
    it('ends with the body fed the header results in order', async () => {
      const { app, runs } = appOn(open());
      app.worker({ concurrency: 4 });
      const canvas = chain(app.signature('add', [1, 1]), chord([app.signature('add', [10]), app.signature('gate')], app.signature('sum')), app.signature('add', [100]));
      expect(await (await app.apply(canvas)).get({ timeout: 5_000 })).toBe(114);
      expect(runs.filter((r) => r === 'sum')).toHaveLength(1);
    });
  });

  describe('when the broker lost every message mid-workflow', () => {
    it('recover re-drives the workflow from PostgreSQL to its correct end, once', async () => {
      const store = open();
      const before = appOn(store, 'gate');
      before.app.worker({ concurrency: 4 });
      const canvas = chain(before.app.signature('add', [1, 1]), chord([before.app.signature('add', [10]), before.app.signature('gate')], before.app.signature('sum')), before.app.signature('add', [100]));
      const res = await before.app.apply(canvas);
      await expect.poll(() => before.runs.includes('gate 2')).toBe(true);

      // Another process, with its own connections to the same schema, and a broker that knows nothing.
      const after = appOn(open());
      expect(await after.app.recover()).toEqual({ workflows: 1 });
      after.app.worker({ concurrency: 4 });
      expect(await res.get({ timeout: 5_000 })).toBe(114);
      expect(after.runs.filter((r) => r.startsWith('add 1 1'))).toEqual([]);
      expect(after.runs.filter((r) => r === 'sum')).toHaveLength(1);
      expect(await after.app.recover()).toEqual({ workflows: 0 });
    });
  });
});
