import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chain } from '../../canvas/chain.js';
import { chord } from '../../canvas/chord.js';
import { normalize } from '../../canvas/normalize.js';
import { plan } from '../../canvas/plan.js';
import { Signature } from '../../canvas/signature.js';
import type { Canvas } from '../../canvas/canvas.js';
import type { ResultStore } from '../../engine/ports/result-store.js';
import type { WorkflowLister, WorkflowSummary } from '../../engine/ports/workflow-list.js';

export interface WorkflowListFixture {
  readonly store: ResultStore & WorkflowLister;
  cleanup(): Promise<void>;
}

const sig = (task: string, ...args: number[]) => new Signature(task, args, false);
const t0 = 1_800_000_000_000;

/** Every page of a listing, following `next`; fails if a cursor ever repeats. */
async function allPages(store: WorkflowLister, query: Omit<Parameters<WorkflowLister['listWorkflows']>[0], 'cursor'>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.listWorkflows({ ...query, ...(cursor ? { cursor } : {}) });
    pages++;
    ids.push(...page.items.map((item) => item.id));
    if (page.next && seen.has(page.next)) throw new Error('a cursor repeated');
    if (page.next) seen.add(page.next);
    cursor = page.next;
  } while (cursor && pages < 100);
  return { ids, pages };
}

/** The promises every WorkflowLister makes (engine/ports/workflow-list.ts), run against one store. */
export function workflowListContract(name: string, make: () => Promise<WorkflowListFixture>): void {
  describe(`WorkflowLister contract (${name})`, () => {
    let fixture: WorkflowListFixture;
    let store: ResultStore & WorkflowLister;
    const create = async (id: string, canvas: Canvas, createdAt: number) => {
      await store.createWorkflow(plan(normalize(canvas), { workflowId: id, now: createdAt }));
    };

    beforeEach(async () => {
      fixture = await make();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('when workflows were created and some ended', () => {
      beforeEach(async () => {
        await create('a', sig('add', 1, 2), t0);
        await create('b', chain(sig('fetch', 1), sig('parse')), t0 + 10);
        await create('c', chord([sig('fetch', 1), sig('fetch', 2)], sig('xsum')), t0 + 20);
        await create('d', sig('add', 3, 4), t0 + 30);
        await store.finishWorkflow('a', { status: 'SUCCESS', value: 3 });
        await store.finishWorkflow('c', {
          status: 'FAILURE',
          failure: {
            type: 'ChordError',
            message: 'Chord r failed',
            failedMember: { nodeId: 'r.0.1', index: 1, taskName: 'fetch' },
            cause: { type: 'TaskError', errorName: 'FetchError', message: 'HTTP 503', taskName: 'fetch', nodeId: 'r.0.1' },
          },
        });
        await store.revokeWorkflow('d');
      });

      it('lists them newest first with state, times, name and where each failed', async () => {
        const before = Date.now();
        const { items } = await store.listWorkflows({ limit: 10 });
        expect(items.map((i) => [i.id, i.state])).toEqual([
          ['d', 'REVOKED'],
          ['c', 'FAILURE'],
          ['b', 'PENDING'],
          ['a', 'SUCCESS'],
        ]);
        const byId = new Map(items.map((i) => [i.id, i] as const));
        expect(byId.get('b')).toEqual({ id: 'b', state: 'PENDING', createdAt: t0 + 10, name: 'chain(fetch, ...)' } satisfies WorkflowSummary);
        expect(byId.get('a')).toMatchObject({ name: 'add', createdAt: t0 });
        expect(byId.get('c')!.failedNode).toEqual({ nodeId: 'r.0.1', taskName: 'fetch', errorType: 'FetchError', message: 'HTTP 503' });
        for (const id of ['a', 'c', 'd']) expect(byId.get(id)!.endedAt).toBeGreaterThan(before - 60_000);
        expect(byId.get('b')!.endedAt).toBeUndefined();
      });

      it('filters by state, by task and by creation time, alone or together', async () => {
        const ids = async (query: Omit<Parameters<WorkflowLister['listWorkflows']>[0], 'limit'>) => (await store.listWorkflows({ limit: 10, ...query })).items.map((i) => i.id);
        expect(await ids({ state: 'FAILURE' })).toEqual(['c']);
        expect(await ids({ state: 'PENDING' })).toEqual(['b']);
        expect(await ids({ state: 'SUCCESS' })).toEqual(['a']);
        expect(await ids({ task: 'fetch' })).toEqual(['c', 'b']);
        expect(await ids({ task: 'xsum', state: 'FAILURE' })).toEqual(['c']);
        expect(await ids({ task: 'add', state: 'FAILURE' })).toEqual([]);
        expect(await ids({ since: t0 + 10 })).toEqual(['d', 'c', 'b']);
        expect(await ids({ since: t0 + 10, task: 'add' })).toEqual(['d']);
        expect(await ids({ task: 'nothing' })).toEqual([]);
      });
    });

    describe('when there are more workflows than a page, many created in the same millisecond', () => {
      it('pages through all of them once each, newest first, and ends without a next', async () => {
        const created: string[] = [];
        for (let i = 0; i < 60; i++) {
          const id = `w${String(i).padStart(2, '0')}`;
          created.push(id);
          // 55 in one millisecond: more ties than a store reads in one batch.
          await create(id, sig('add', i, 1), t0 + (i < 55 ? 0 : 1));
        }
        const { ids, pages } = await allPages(store, { limit: 7 });
        expect(ids).toHaveLength(60);
        expect(new Set(ids).size).toBe(60);
        // Newest millisecond first; within one, the order is the store's but stable across pages.
        expect(ids.slice(0, 5).sort()).toEqual(['w55', 'w56', 'w57', 'w58', 'w59']);
        expect(pages).toBeGreaterThanOrEqual(9);
        const last = await store.listWorkflows({ limit: 100 });
        expect(last.next).toBeUndefined();
        expect(last.items).toHaveLength(60);
      });
    });

    it('refuses a cursor it did not hand out', async () => {
      await expect(store.listWorkflows({ limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
    });
  });
}
