import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chain, chord, group, isCeleriacError, RevokedError, type App } from '../../index.js';
import type { AppFixture } from './app.contract.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `app.retry(id)`: a FAILURE or REVOKED run goes on from what did not succeed, on one store. */
export function retryContract(store: string, makeApp: () => Promise<AppFixture>): void {
  describe(`retrying a workflow on the ${store} store`, () => {
    let fixture: AppFixture;
    let app: App;
    let runs: string[];
    /** Labels that fail until healed. */
    let broken: Set<string>;
    let tasks: ReturnType<typeof register>;

    function register(a: App) {
      return {
        step: a.task('step', (input: unknown, label: string) => {
          runs.push(label);
          if (broken.has(label)) throw new Error(`${label} is broken`);
          return `${String(input ?? '')}${label}`;
        }),
        join: a.task('join', (parts: string[], label: string) => {
          runs.push(label);
          if (broken.has(label)) throw new Error(`${label} is broken`);
          return parts.join('+');
        }),
        /** Holds until its signal aborts the first time it runs; returns at once after that. */
        hold: a.task('hold', async function (label: string) {
          runs.push(label);
          if (runs.filter((run) => run === label).length === 1) await new Promise((resolve) => this.signal.addEventListener('abort', resolve));
          return label;
        }),
      };
    }

    beforeEach(async () => {
      runs = [];
      broken = new Set();
      fixture = await makeApp();
      app = fixture.app;
      tasks = register(app);
      app.worker({ concurrency: 4 });
    });
    afterEach(() => fixture.cleanup());

    describe('when a message of the run before is still queued when the workflow is retried', () => {
      it('drops it: the task runs once, from the new run\'s message', async () => {
        const { step } = tasks;
        await app.pause('default');
        const res = await app.apply(step.s(null, 'x'));
        await app.revoke(res.id);
        await app.retry(res.id);
        await app.resume('default');
        expect(await res.get({ timeout: 10_000 })).toBe('x');
        // Both messages have been delivered by the time a later workflow on the same queue has run.
        expect(await (await app.apply(step.s(null, 'later'))).get({ timeout: 10_000 })).toBe('later');
        expect(runs.filter((label) => label === 'x')).toEqual(['x']);
      });
    });

    describe('when a chain step failed and now succeeds', () => {
      it('runs from that step, keeps the earlier results, and the handle already held resolves with the new outcome', async () => {
        const { step } = tasks;
        broken.add('b');
        const res = await app.apply(chain(step.s(null, 'a'), step.s('b'), step.s('c')));
        await expect(res.get({ timeout: 10_000 })).rejects.toThrow(/b is broken/);
        broken.clear();
        const again = await app.retry(res.id);
        expect(again.id).toBe(res.id);
        expect(await res.get({ timeout: 10_000 })).toBe('abc');
        expect(runs).toEqual(['a', 'b', 'b', 'c']);
        expect((await res.nodes()).every((n) => n.state === 'SUCCESS')).toBe(true);
      });
    });

    describe('when a chord header member failed', () => {
      it('runs that member and the body only, with every part in header order', async () => {
        const { step, join } = tasks;
        broken.add('h1');
        const res = await app.apply(chord([step.s(null, 'h0'), step.s(null, 'h1'), step.s(null, 'h2')], join.s('body')));
        await expect(res.get({ timeout: 10_000 })).rejects.toThrow(/h1 is broken/);
        // Members still queued when h1 failed were cancelled (REVOKED): they run again too; members that succeeded do not.
        const kept = (await res.nodes()).filter((n) => n.state === 'SUCCESS').map((n) => (n.outcome as { value: string }).value);
        const before = runs.length;
        broken.clear();
        await res.retry();
        expect(await res.get({ timeout: 10_000 })).toBe('h0+h1+h2');
        const again = runs.slice(before);
        expect(again).toContain('h1');
        expect(again).toContain('body');
        for (const label of kept) expect(again).not.toContain(label);
        expect(again.length).toBe(5 - kept.length - 1);
      });

      it('runs only the body when the body was what failed', async () => {
        const { step, join } = tasks;
        broken.add('body');
        const res = await app.apply(group(step.s(null, 'x'), chord([step.s(null, 'h0'), step.s(null, 'h1')], join.s('body'))));
        await expect(res.get({ timeout: 10_000 })).rejects.toThrow(/body is broken/);
        const before = runs.length;
        broken.clear();
        await app.retry(res.id);
        expect(await res.get({ timeout: 10_000 })).toEqual(['x', 'h0+h1']);
        expect(runs.slice(before)).toEqual(['body']);
      });
    });

    describe('when the workflow was revoked', () => {
      it('runs what had not succeeded, in the same id', async () => {
        const { step, hold } = tasks;
        const res = await app.apply(chain(step.s(null, 'a'), hold.si('held'), step.s('c')));
        while (!runs.includes('held')) await sleep(10);
        await res.revoke({ terminate: true });
        await expect(res.get({ timeout: 5_000 })).rejects.toBeInstanceOf(RevokedError);
        await app.retry(res.id);
        expect(await res.get({ timeout: 10_000 })).toBe('heldc');
        expect(runs).toEqual(['a', 'held', 'held', 'c']);
      });
    });

    describe('when retries race', () => {
      it('starts one run; the others return the same handle', async () => {
        const { step } = tasks;
        broken.add('only');
        const res = await app.apply(step.s(null, 'only'));
        await expect(res.get({ timeout: 10_000 })).rejects.toThrow(/broken/);
        broken.clear();
        const handles = await Promise.all(Array.from({ length: 5 }, () => app.retry(res.id)));
        expect(new Set(handles.map((h) => h.id))).toEqual(new Set([res.id]));
        expect(await res.get({ timeout: 10_000 })).toBe('only');
        await sleep(200);
        expect(runs).toEqual(['only', 'only']);
      });
    });

    describe('when the workflow cannot be retried', () => {
      it('refuses a workflow that succeeded or runs (CONFLICT) and an unknown id (NOT_FOUND)', async () => {
        const res = await app.apply(tasks.step.s(null, 'fine'));
        expect(await res.get({ timeout: 10_000 })).toBe('fine');
        const refused = await app.retry(res.id).catch((e: unknown) => e);
        expect(isCeleriacError(refused) && refused.code).toBe('CONFLICT');
        expect((refused as Error).message).toMatch(/is SUCCESS: only a FAILURE or REVOKED workflow can be retried/);
        const unknown = await app.retry('no-such-workflow').catch((e: unknown) => e);
        expect(isCeleriacError(unknown) && unknown.code).toBe('NOT_FOUND');
      });

      it('a second failure can be retried again', async () => {
        const { step } = tasks;
        broken.add('twice');
        const res = await app.apply(chain(step.s(null, 'first'), step.s('twice')));
        await expect(res.get({ timeout: 10_000 })).rejects.toThrow(/broken/);
        await app.retry(res.id);
        await expect(res.get({ timeout: 10_000 })).rejects.toThrow(/broken/);
        broken.clear();
        await app.retry(res.id);
        expect(await res.get({ timeout: 10_000 })).toBe('firsttwice');
        expect(runs).toEqual(['first', 'twice', 'twice', 'twice']);
      });
    });
  });
}
