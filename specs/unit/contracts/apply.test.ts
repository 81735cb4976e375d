import { afterEach, describe, expect, it } from 'vitest';
import { chain } from '../../../canvas/chain.js';
import { chord } from '../../../canvas/chord.js';
import { WorkflowValidationError, type ValidationProblem } from '../../../canvas/errors.js';
import { group } from '../../../canvas/group.js';
import { signature } from '../../../canvas/signature.js';
import type { Canvas } from '../../../canvas/canvas.js';
import type { Json } from '../../../canvas/json.js';
import { contractApp } from './app-fixture.js';

let fixture: ReturnType<typeof contractApp>;
afterEach(() => fixture?.app.close());

/** The problems `apply` threw for a canvas, after checking that nothing was stored or sent. */
async function rejected(canvas: Canvas, input?: number): Promise<ValidationProblem[]> {
  const error = await fixture.app.apply(canvas, input === undefined ? {} : { input }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowValidationError);
  expect(fixture.created).not.toHaveBeenCalled();
  expect(fixture.enqueued).not.toHaveBeenCalled();
  return [...(error as WorkflowValidationError).errors];
}

/** An immutable signature with any arguments, right or wrong: `task.si` would not type-check the wrong ones. */
const si = (task: { name: string }, ...args: unknown[]) => signature(task.name, args as Json[], { immutable: true });

const paths = (problems: readonly ValidationProblem[]) => problems.map((p) => p.path);

describe('apply against input contracts', () => {
  describe('when an immutable signature has a wrong argument', () => {
    it('rejects it at its path, naming the task, the argument and what came, and stores nothing', async () => {
      fixture = contractApp();
      const problems = await rejected(chain(fixture.tasks.add.s(1, 2), si(fixture.tasks.add, 3, 'x')));
      expect(problems).toEqual([{ path: '/chain/1/args/1', message: "task 'add' argument 1 must be a number, got `'x'` (string)" }]);
    });
  });

  describe('when a later chain step is partial', () => {
    it('checks its literal args one position on, since the parent result comes first', async () => {
      fixture = contractApp();
      const { add } = fixture.tasks;
      // @ts-expect-error a wrong argument on purpose: the run-time contract check is under test
      const problems = await rejected(chain(add.s(1, 2), add.s('x')));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ path: '/chain/1/args/0', message: "task 'add' argument 1 must be a number, got `'x'` (string)" });
      expect(problems[0]!.hint).toMatch(/parent's result as argument 0/);
    });

    it('accepts args that fit after the parent result, and the workflow is stored', async () => {
      fixture = contractApp();
      const { add } = fixture.tasks;
      await fixture.app.apply(chain(add.s(1, 2), add.s(3)));
      expect(fixture.created).toHaveBeenCalledTimes(1);
    });
  });

  describe('when an entry task is partial', () => {
    it('checks its args as the whole list without an apply input', async () => {
      fixture = contractApp();
      expect(await rejected(fixture.tasks.add.s(1))).toEqual([{ path: '/args', message: "task 'add' must have at least 2 arguments, got 1" }]);
    });

    it('checks them one position on with an apply input', async () => {
      fixture = contractApp();
      const problems = await rejected(group(fixture.tasks.add.s(1), fixture.tasks.add.s(1, 2)), 5);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ path: '/group/1/args', message: "task 'add' must have at most 2 arguments, got 3 (the workflow input and 2 in `args`)" });
    });
  });

  describe('when a chord body has args', () => {
    it('counts the list of header results as its first argument', async () => {
      fixture = contractApp();
      const { add, xsum } = fixture.tasks;
      const problems = await rejected(chord([add.s(1, 1), add.s(2, 2)], xsum.s([1])));
      expect(problems).toEqual([expect.objectContaining({ path: '/chord/body/args', message: "task 'xsum' must have at most 1 argument, got 2 (its parent's result and 1 in `args`)" })]);
    });
  });

  describe('when an errback has args', () => {
    it('checks them after the failure description', async () => {
      fixture = contractApp();
      const { add, note } = fixture.tasks;
      // @ts-expect-error a wrong argument on purpose: the run-time contract check is under test
      const problems = await rejected(si(add, 1, 2).linkError(note.s(5)));
      expect(problems).toEqual([expect.objectContaining({ path: '/linkError/0/args/0', message: "task 'note' argument 1 must be a string, got `5` (number)" })]);
      expect(problems[0]!.hint).toMatch(/failure description as argument 0/);
    });
  });

  describe('when a link on a group member has a wrong argument', () => {
    it('reports it at the link inside the member', async () => {
      fixture = contractApp();
      const { add } = fixture.tasks;
      // @ts-expect-error a wrong argument on purpose: the run-time contract check is under test
      expect(paths(await rejected(group(si(add, 1, 2).link(add.s('y')))))).toEqual(['/group/0/link/0/args/0']);
    });
  });

  describe('when an argument is an object with mistakes inside', () => {
    it('names the path inside the argument, with a did-you-mean for an unknown key', async () => {
      fixture = contractApp();
      const problems = await rejected(si(fixture.tasks.report, { pages: 0, lmit: 3, tags: ['a', 7] }));
      expect(problems).toEqual([
        { path: '/args/0/lmit', message: "task 'report' argument 0 at /lmit is not an allowed property", hint: 'did you mean `limit`?' },
        { path: '/args/0/pages', message: "task 'report' argument 0 at /pages must be at least 1, got `0` (number)" },
        { path: '/args/0/tags/1', message: "task 'report' argument 0 at /tags/1 must be a string, got `7` (number)" },
      ]);
    });

    it('says a missing required key is required, at that key', async () => {
      fixture = contractApp();
      expect(await rejected(si(fixture.tasks.report, {}))).toEqual([{ path: '/args/0/pages', message: "task 'report' argument 0 at /pages is required" }]);
    });
  });

  describe('when several signatures break their contracts', () => {
    it('reports every problem in one error, in document order', async () => {
      fixture = contractApp();
      const { add, xsum, report } = fixture.tasks;
      // @ts-expect-error a wrong argument on purpose: the run-time contract check is under test
      const problems = await rejected(chain(si(add, 1), chord([add.s('a'), si(report, { pages: 'x' })], xsum.s()), add.s(1, 2)));
      expect(paths(problems)).toEqual(['/chain/0/args', '/chain/1/chord/header/0/args/0', '/chain/1/chord/header/1/args/0/pages', '/chain/2/args']);
    });
  });

  describe('when a task has no contract or is not registered here', () => {
    it('lets it through: a producer may apply tasks registered only in workers', async () => {
      fixture = contractApp();
      await fixture.app.apply(chain(fixture.tasks.free.s('anything', 1), signature('elsewhere', [{ any: 'thing' }])));
      expect(fixture.created).toHaveBeenCalledTimes(1);
    });
  });

  describe('when an argument is an unbound parameter reference', () => {
    it('says so in the hint', async () => {
      fixture = contractApp();
      const problems = await rejected(si(fixture.tasks.add, 1, { $param: 'y' }));
      expect(problems[0]!.hint).toMatch(/parameter reference/);
    });
  });
});

describe('validateCanvas', () => {
  describe('when names are checked', () => {
    it('reports unknown task names with a did-you-mean, next to contract problems', () => {
      fixture = contractApp();
      // @ts-expect-error a wrong argument on purpose: the run-time contract check is under test
      const problems = fixture.app.validateCanvas(chain(signature('ad', [1, 2]), fixture.tasks.add.s('x')));
      expect(problems).toEqual([
        { path: '/chain/0/task', message: "task 'ad' is not registered in this app", hint: "did you mean 'add'?" },
        expect.objectContaining({ path: '/chain/1/args/0' }),
      ]);
    });
  });

  describe('when it is not said whether apply gives an input', () => {
    it('accepts a partial entry task that fits either way, and rejects one that fits neither', () => {
      fixture = contractApp();
      const { add } = fixture.tasks;
      expect(fixture.app.validateCanvas(group(add.s(1), add.s(1, 2)))).toEqual([]);
      // @ts-expect-error a wrong argument on purpose: the run-time contract check is under test
      expect(paths(fixture.app.validateCanvas(add.s('x')))).toEqual(['/args', '/args/0']);
    });
  });
});
