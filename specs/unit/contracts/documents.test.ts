import { afterEach, describe, expect, it } from 'vitest';
import { toJSON } from '../../../canvas/document/index.js';
import { WorkflowValidationError, type ValidationProblem } from '../../../canvas/errors.js';
import { bareApp, contractApp } from './app-fixture.js';

let fixture: ReturnType<typeof contractApp>;
afterEach(() => fixture?.app.close());

const reportParams = {
  type: 'object',
  properties: { pages: { type: 'integer' }, limit: { type: 'integer', default: 10 } },
  required: ['pages'],
};

function fromJSONProblems(doc: unknown, options?: Parameters<typeof fixture.app.fromJSON>[1]): readonly ValidationProblem[] {
  try {
    fixture.app.fromJSON(doc, options);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowValidationError);
    return (error as WorkflowValidationError).errors;
  }
  throw new Error('fromJSON accepted the document');
}

const paths = (problems: readonly ValidationProblem[]) => problems.map((p) => p.path);

describe('app.fromJSON', () => {
  describe('when the document has params and the values fit', () => {
    it('returns the canvas with the values bound and defaults applied', () => {
      fixture = contractApp();
      const canvas = fixture.app.fromJSON({ params: reportParams, task: 'report', args: [{ pages: { $param: 'pages' }, limit: { $param: 'limit' } }] }, { params: { pages: 3 } });
      expect(toJSON(canvas)).toEqual({ task: 'report', args: [{ pages: 3, limit: 10 }] });
    });
  });

  describe('when a bound value breaks the task contract', () => {
    it('reports it at the argument, after binding', () => {
      fixture = contractApp();
      const problems = fromJSONProblems({ params: { type: 'object', properties: { n: {} } }, task: 'add', args: [1, { $param: 'n' }] }, { params: { n: 'x' } });
      expect(problems).toEqual([expect.objectContaining({ path: '/args/1', message: "task 'add' argument 1 must be a number, got `'x'` (string)" })]);
    });
  });

  describe('when values are wrong and a task name is unknown', () => {
    it('throws one error with both', () => {
      fixture = contractApp();
      const problems = fromJSONProblems({ params: reportParams, chain: [{ task: 'reprot', args: [{ pages: { $param: 'pages' } }] }] }, { params: {} });
      expect(problems).toEqual([
        { path: '/params/pages', message: '`pages` is required' },
        { path: '/chain/0/task', message: "task 'reprot' is not registered in this app", hint: "did you mean 'report'?" },
      ]);
    });
  });

  describe('when the app has registered no task', () => {
    it('does not check names unless asked to: a producer applies tasks its workers register', () => {
      const { app } = bareApp();
      const doc = { task: 'elsewhere' };
      expect(() => app.fromJSON(doc)).not.toThrow();
      expect(() => app.fromJSON(doc, { checkNames: true })).toThrow(/'elsewhere' is not registered/);
      void app.close();
    });
  });

  describe('when the app has tasks and checkNames is off', () => {
    it('lets unknown names through', () => {
      fixture = contractApp();
      expect(() => fixture.app.fromJSON({ task: 'elsewhere' }, { checkNames: false })).not.toThrow();
      expect(paths(fromJSONProblems({ task: 'elsewhere' }))).toEqual(['/task']);
    });
  });

  describe('when values are given to a document without params', () => {
    it('says the document declares none', () => {
      fixture = contractApp();
      expect(paths(fromJSONProblems({ task: 'free' }, { params: { a: 1 } }))).toEqual(['/params']);
    });
  });

  describe('when an entry task may or may not get an apply input', () => {
    it('accepts args that fit either way', () => {
      fixture = contractApp();
      expect(() => fixture.app.fromJSON({ chain: [{ task: 'add', args: [2] }, { task: 'add', args: [3] }] })).not.toThrow();
    });
  });
});

describe('app.validateDocument', () => {
  describe('when a document has a schema problem, an unknown task and a contract problem', () => {
    it('returns all of them together, without throwing', () => {
      fixture = contractApp();
      const doc = {
        chain: [
          { task: 'add', args: [1, 2], optoins: { retries: 1 } },
          { task: 'ad' },
          { task: 'add', args: ['x'] },
        ],
      };
      expect(fixture.app.validateDocument(doc)).toEqual([
        { path: '/chain/0/optoins', message: 'Unknown key `optoins` on a task node', hint: 'did you mean `options`?' },
        { path: '/chain/1/task', message: "task 'ad' is not registered in this app", hint: "did you mean 'add'?" },
        expect.objectContaining({ path: '/chain/2/args/0', message: "task 'add' argument 1 must be a number, got `'x'` (string)" }),
      ]);
    });
  });

  describe('when args hold parameter references', () => {
    it('needs no values, judges the rest of each argument, and reports undeclared names', () => {
      fixture = contractApp();
      const doc = {
        params: reportParams,
        chain: [
          { task: 'report', args: [{ pages: { $param: 'pages' }, limit: 'x' }] },
          { task: 'report', args: [{ pages: { $param: 'pagse' } }], immutable: true },
        ],
      };
      expect(paths(fixture.app.validateDocument(doc))).toEqual(['/chain/1/args/0/pages', '/chain/0/args/0/limit']);
    });
  });

  describe('when params is not a valid schema', () => {
    it('reports it at /params', () => {
      fixture = contractApp();
      expect(paths(fixture.app.validateDocument({ params: { type: 'object', required: 'x' }, task: 'free' }))).toEqual(['/params']);
    });
  });

  describe('when a document passes a size limit', () => {
    it('reports the limit and reads no further', () => {
      fixture = contractApp();
      let deep: unknown = { task: 'ad' };
      for (let i = 0; i < 100; i++) deep = { chain: [deep] };
      const problems = fixture.app.validateDocument(deep);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toMatch(/deeper than/);
    });
  });

  describe('when the document is not an object', () => {
    it('returns the problem instead of throwing', () => {
      fixture = contractApp();
      expect(paths(fixture.app.validateDocument('{"task": "add"}'))).toEqual(['/']);
    });
  });
});
