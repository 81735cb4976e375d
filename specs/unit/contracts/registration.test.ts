import { describe, expect, it } from 'vitest';
import { validationErrorOf } from '../validation-error.js';
import { TaskRegistry } from '../../../engine/registry.js';

const problemsOf = (register: () => unknown) => validationErrorOf(register, 'registration was accepted').errors;

const noop = () => null;

describe('registering a task with a contract', () => {
  describe('when the contract is valid', () => {
    it('keeps compiled validators, and the options without input and output', () => {
      const registry = new TaskRegistry();
      const task = registry.register('add', noop, { retries: 2, input: { type: 'array', prefixItems: [{ type: 'number' }] }, output: { type: 'number' } });
      expect(task.options).toEqual({ retries: 2 });
      expect(task.input?.([1])).toBe(true);
      expect(task.input?.(['x'])).toBe(false);
      expect(task.output?.('x')).toBe(false);
      expect(registry.hasContracts).toBe(true);
    });

    it('does not change when the caller later changes its schema object', () => {
      const registry = new TaskRegistry();
      const input = { type: 'array', prefixItems: [{ type: 'number' }] };
      const task = registry.register('add', noop, { input });
      input.prefixItems[0]!.type = 'string';
      expect(task.input?.([1])).toBe(true);
    });

    it('lets two tasks use schemas with the same $id', () => {
      const registry = new TaskRegistry();
      const output = { $id: 'https://example.com/count', type: 'integer' };
      registry.register('a', noop, { output });
      expect(registry.register('b', noop, { output: { ...output } }).output?.(3)).toBe(true);
    });

    it('lets two apps use the same $id for different schemas, each checked against its own', () => {
      const id = 'https://example.com/count';
      const first = new TaskRegistry().register('a', noop, { output: { $id: id, type: 'integer' } });
      const second = new TaskRegistry().register('a', noop, { output: { $id: id, type: 'string' } });
      expect([first.output?.(3), first.output?.('x'), second.output?.('x'), second.output?.(3)]).toEqual([true, false, true, false]);
    });

    it('treats a default as an annotation: nothing is written into the arguments, and a missing one is missing', () => {
      const task = new TaskRegistry().register('fetch', noop, {
        input: { type: 'array', prefixItems: [{ type: 'object', properties: { depth: { type: 'integer', default: 1 } }, required: ['depth'] }] },
      });
      const args = [{}];
      expect(task.input?.(args)).toBe(false);
      expect(args).toEqual([{}]);
    });
  });

  describe('when a schema does not compile', () => {
    it('fails at registration naming the task and /tasks/<name>/input, and registers nothing', () => {
      const registry = new TaskRegistry();
      const problems = problemsOf(() => registry.register('add', noop, { input: { type: 'array', prefixItems: 3 } }));
      expect(problems).toEqual([expect.objectContaining({ path: '/tasks/add/input', message: expect.stringMatching(/^The input contract of task 'add' is not a valid JSON Schema: .*prefixItems/) })]);
      expect(registry.get('add')).toBeUndefined();
    });
  });

  describe('when the input contract does not describe an array', () => {
    it('says the input is the argument list', () => {
      const problems = problemsOf(() => new TaskRegistry().register('add', noop, { input: { type: 'object' } }));
      expect(problems).toEqual([expect.objectContaining({ path: '/tasks/add/input/type', message: expect.stringMatching(/argument list/) })]);
    });
  });

  describe('when options and contract are both wrong', () => {
    it('reports both in one error', () => {
      const problems = problemsOf(() => new TaskRegistry().register('add', noop, { retries: -1, output: 'number' as never }));
      expect(problems.map((p) => p.path)).toEqual(['/tasks/add/options/retries', '/tasks/add/output']);
    });
  });

  describe('when a task has no contract', () => {
    it('leaves the registry without contracts, so apply skips the walk', () => {
      const registry = new TaskRegistry();
      registry.register('free', noop, { output: { type: 'number' } });
      expect(registry.hasContracts).toBe(false);
    });
  });
});
