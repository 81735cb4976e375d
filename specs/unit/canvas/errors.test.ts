import { describe, expect, it } from 'vitest';
import { CeleriacError, invalid, invalidOption, isCeleriacError, WorkflowValidationError } from '../../../canvas/errors.js';
import { validationErrorOf } from '../validation-error.js';

const thrown = (call: () => unknown) => validationErrorOf(call);

describe('when a workflow has problems', () => {
  it('lists each one on its own line with where it is and the hint in brackets', () => {
    const error = new WorkflowValidationError([
      { path: '/chain/0/task', message: 'A signature needs a task name', hint: 'pass the name given to app.task()' },
      { path: '/chain/1', message: 'Expected a node' },
    ]);
    expect(error.message).toBe(
      'Invalid workflow, 2 problems:\n  at /chain/0/task: A signature needs a task name (pass the name given to app.task())\n  at /chain/1: Expected a node',
    );
    expect(error.errors).toHaveLength(2);
  });

  it('puts a title, when given, before the problems, separated by semicolons', () => {
    const error = new WorkflowValidationError([{ path: '/a', message: 'first' }, { path: '/b', message: 'second', hint: 'fix it' }], 'Invalid options');
    expect(error.message).toBe('Invalid options: first; second (fix it)');
  });

  it('says "1 problem" for one, and shows the root as `/`', () => {
    expect(new WorkflowValidationError([{ path: '', message: 'Expected a node' }]).message).toBe('Invalid workflow, 1 problem:\n  at /: Expected a node');
  });

  it('is a CeleriacError with code VALIDATION and its own class name', () => {
    const error = thrown(() => invalid('/x', 'bad'));
    expect(error).toBeInstanceOf(CeleriacError);
    expect([error.code, error.name]).toEqual(['VALIDATION', 'WorkflowValidationError']);
  });
});

describe('invalid', () => {
  it('throws one problem, with its hint only when given one', () => {
    // Strictly: a problem without a hint has no `hint` key at all, as in a problem read back from JSON.
    expect(thrown(() => invalid('/args', 'bad args')).errors).toStrictEqual([{ path: '/args', message: 'bad args' }]);
    expect(thrown(() => invalid('/args', 'bad args', 'pass an array')).errors).toEqual([{ path: '/args', message: 'bad args', hint: 'pass an array' }]);
  });
});

describe('invalidOption', () => {
  it('names the scope and the option in the heading, then the problem and its hint', () => {
    const error = thrown(() => invalidOption('createApp', 'prefix', 'Expected `prefix` to be a string, got `5` (number)', 'e.g. "celeriac"'));
    expect(error.message).toBe('Invalid createApp option `prefix`: Expected `prefix` to be a string, got `5` (number) (e.g. "celeriac")');
    expect(error.errors).toEqual([{ path: '/prefix', message: 'Expected `prefix` to be a string, got `5` (number)', hint: 'e.g. "celeriac"' }]);
  });

  it('leaves the hint out of the problem when there is none', () => {
    const error = thrown(() => invalidOption('worker', 'concurrency', 'Expected a number'));
    expect(error.message).toBe('Invalid worker option `concurrency`: Expected a number');
    expect(error.errors).toStrictEqual([{ path: '/concurrency', message: 'Expected a number' }]);
  });
});

describe('isCeleriacError', () => {
  it("recognises Celeriac's errors, its subclasses' too, and a cause passes through", () => {
    const cause = new Error('connection refused');
    const error = new CeleriacError('UNAVAILABLE', 'Redis cannot be reached', { cause });
    expect(isCeleriacError(error)).toBe(true);
    expect(isCeleriacError(new WorkflowValidationError([]))).toBe(true);
    expect([error.name, error.code, error.cause]).toEqual(['CeleriacError', 'UNAVAILABLE', cause]);
  });

  it('says no to other errors and to values that are not errors', () => {
    for (const value of [new Error('x'), { code: 'VALIDATION' }, null, undefined, 'CeleriacError', 5]) expect(isCeleriacError(value)).toBe(false);
  });

  it('recognises an error of another copy of the package by its brand', () => {
    const copy = Object.assign(new Error('from another copy'), { [Symbol.for('celeriac.error')]: true });
    expect(isCeleriacError(copy)).toBe(true);
  });
});
