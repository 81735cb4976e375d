import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chain, signature, TaskError, WorkflowValidationError, type App, type Json } from '../../index.js';

export interface ContractsFixture {
  readonly app: App;
  cleanup(): Promise<void>;
}

const number = { type: 'number' } as const;

/**
 * Task contracts and document parameters on one driver: what a worker checks before and after a handler,
 * what apply refuses to send, and a document with params run end to end. Each test has a fresh app.
 */
export function contractsContract(driver: string, makeApp: () => Promise<ContractsFixture>): void {
  describe(`task contracts on the ${driver} driver`, () => {
    let fixture: ContractsFixture;
    let app: App;
    let calls: string[];

    beforeEach(async () => {
      calls = [];
      fixture = await makeApp();
      app = fixture.app;
      const record = (task: string) => calls.push(task);
      app.task('add', (x: number, y: number) => (record('add'), x + y), {
        input: { type: 'array', prefixItems: [number, number], items: false, minItems: 2 },
        output: number,
        retries: 3,
      });
      // Returns whatever it is given: lets a test hand the next step a result of its choosing.
      app.task('echo', (value: Json) => (record('echo'), value));
      app.task('total', (items: Json) => (record('total'), { total: Array.isArray(items) ? items.length : 'unknown' }), {
        output: { type: 'object', properties: { total: { type: 'integer' } }, required: ['total'] },
        retries: 3,
      });
      app.worker({ concurrency: 4 });
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    const failureOf = async (canvas: Parameters<App['apply']>[0]) => {
      const res = await app.apply(canvas);
      const error = await res.get({ timeout: 15_000 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TaskError);
      return { error: error as TaskError, nodes: await res.nodes() };
    };

    describe('when arguments and results keep the contracts', () => {
      it('runs as usual', async () => {
        const res = await app.apply(chain(signature('add', [1, 2]), signature('add', [3])));
        expect(await res.get({ timeout: 15_000 })).toBe(6);
      });
    });

    describe("when a parent's result breaks the next task's input contract", () => {
      it('fails that task with ContractViolation naming the argument, before its handler, without retrying', async () => {
        const { error, nodes } = await failureOf(chain(signature('echo', ['not a number'], { immutable: true }), signature('add', [3])));
        expect(error.errorName).toBe('ContractViolation');
        expect(error.taskName).toBe('add');
        expect(error.message).toBe("Task 'add' was called with arguments that break its input contract: argument 0 must be a number, got `'not a number'` (string)");
        expect(calls).toEqual(['echo']);
        expect(nodes.find((n) => n.task === 'add')?.attempt).toBe(1);
      });
    });

    describe("when a handler's result breaks its output contract", () => {
      it('fails the task with ContractViolation naming the path in the result, without retrying', async () => {
        const { error, nodes } = await failureOf(signature('total', ['not a list'], { immutable: true }));
        expect(error.errorName).toBe('ContractViolation');
        expect(error.message).toBe("Task 'total' returned a result that breaks its output contract: result at /total must be an integer, got `'unknown'` (string)");
        expect(calls).toEqual(['total']);
        expect(nodes[0]?.attempt).toBe(1);
      });
    });

    describe('when apply is given literal arguments that break a contract', () => {
      it('throws and runs nothing of that canvas', async () => {
        await expect(app.apply(chain(signature('echo', [1]), signature('add', ['x'])))).rejects.toThrow(WorkflowValidationError);
        const res = await app.apply(signature('add', [20, 22], { immutable: true }));
        expect(await res.get({ timeout: 15_000 })).toBe(42);
        expect(calls).toEqual(['add']);
      });
    });

    describe('when a document with params is bound and applied', () => {
      it('runs with the values and the defaults in place', async () => {
        const doc = {
          params: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number', default: 40 } }, required: ['a'] },
          chain: [{ task: 'add', args: [{ $param: 'a' }, 1] }, { task: 'add', args: [{ $param: 'b' }] }],
        };
        const res = await app.apply(app.fromJSON(doc, { params: { a: 1 } }));
        expect(await res.get({ timeout: 15_000 })).toBe(42);
      });
    });
  });
}
