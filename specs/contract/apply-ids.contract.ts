import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chain, isCeleriacError, WorkflowIdConflictError, WorkflowValidationError, type App } from '../../index.js';
import type { AppFixture } from './app.contract.js';

/** `app.apply(canvas, { id })` and `applyMany(canvases, { ids })`: one run per id, whatever the store. */
export function applyIdsContract(store: string, makeApp: () => Promise<AppFixture>): void {
  describe(`apply under a chosen id on the ${store} store`, () => {
    let fixture: AppFixture;
    let app: App;
    let runs: string[];
    let add: ReturnType<typeof register>['add'];
    let mul: ReturnType<typeof register>['mul'];

    function register(a: App) {
      return {
        add: a.task('add', (x: number, y: number) => (runs.push(`add ${x} ${y}`), x + y)),
        mul: a.task('mul', (x: number, y: number) => (runs.push(`mul ${x} ${y}`), x * y)),
      };
    }

    beforeEach(async () => {
      runs = [];
      fixture = await makeApp();
      app = fixture.app;
      ({ add, mul } = register(app));
      app.worker();
    });
    afterEach(() => fixture.cleanup());

    describe('when the same canvas is applied twice under one id', () => {
      it('returns a handle on the one run, which ran once', async () => {
        const first = await app.apply(chain(add.s(2, 2), mul.s(10)), { id: 'order-1' });
        expect(first.id).toBe('order-1');
        expect(await first.get({ timeout: 10_000 })).toBe(40);
        const again = await app.apply(chain(add.s(2, 2), mul.s(10)), { id: 'order-1' });
        expect(again.id).toBe('order-1');
        expect(await again.get({ timeout: 10_000 })).toBe(40);
        expect(runs).toEqual(['add 2 2', 'mul 4 10']);
      });

      it('starts one run when the applies race', async () => {
        const handles = await Promise.all(Array.from({ length: 5 }, () => app.apply(add.s(1, 2), { id: 'race' })));
        expect(await Promise.all(handles.map((h) => h.get({ timeout: 10_000 })))).toEqual([3, 3, 3, 3, 3]);
        expect(runs).toEqual(['add 1 2']);
      });
    });

    describe('when a different canvas or input comes under an existing id', () => {
      it('rejects with WorkflowIdConflictError naming the id, and the first run goes on', async () => {
        const first = await app.apply(add.s(1, 1), { id: 'taken' });
        const refused = await app.apply(add.s(1, 2), { id: 'taken' }).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(WorkflowIdConflictError);
        expect(isCeleriacError(refused) && refused.code).toBe('CONFLICT');
        expect((refused as Error).message).toContain("'taken'");
        expect(await first.get({ timeout: 10_000 })).toBe(2);
        await expect(app.apply(app.signature('add', [1]), { id: 'taken-input', input: 1 }).then(() => app.apply(app.signature('add', [1]), { id: 'taken-input', input: 2 }))).rejects.toThrow(
          WorkflowIdConflictError,
        );
      });

      it('lets exactly one of two racing canvases take the id', async () => {
        const settled = await Promise.allSettled([app.apply(add.s(5, 5), { id: 'duel' }), app.apply(mul.s(5, 5), { id: 'duel' })]);
        expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
        const loser = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult;
        expect(loser.reason).toBeInstanceOf(WorkflowIdConflictError);
        expect([10, 25]).toContain(await app.result('duel').get({ timeout: 10_000 }));
        expect(runs).toHaveLength(1);
      });
    });

    describe('when applyMany is given ids', () => {
      it('starts the new ids, returns the known one, and runs a repeated id once', async () => {
        await (await app.apply(add.s(1, 1), { id: 'known' })).get({ timeout: 10_000 });
        const handles = await app.applyMany([add.s(1, 1), add.s(2, 2), add.s(3, 3), add.s(3, 3)], { ids: ['known', 'new-a', 'new-b', 'new-b'] });
        expect(handles.map((h) => h.id)).toEqual(['known', 'new-a', 'new-b', 'new-b']);
        expect(await Promise.all(handles.map((h) => h.get({ timeout: 10_000 })))).toEqual([2, 4, 6, 6]);
        expect(runs.sort()).toEqual(['add 1 1', 'add 2 2', 'add 3 3']);
      });

      it('sends nothing when one id is taken by another canvas', async () => {
        await app.apply(add.s(1, 1), { id: 'held' });
        await expect(app.applyMany([add.s(7, 7), add.s(9, 9)], { ids: ['fresh', 'held'] })).rejects.toThrow(/'held'/);
        expect(await app.result('fresh').state()).toBe('PENDING');
        expect(await app.result('fresh').nodes()).toEqual([]);
      });

      it('refuses a list of ids that does not match the canvases, and ids that cannot be keys', async () => {
        await expect(app.applyMany([add.s(1, 1)], { ids: ['a', 'b'] })).rejects.toThrow(WorkflowValidationError);
        for (const id of ['', 'a:b', '{x}', 'x'.repeat(201)]) await expect(app.apply(add.s(1, 1), { id })).rejects.toThrow(WorkflowValidationError);
      });
    });
  });
}
