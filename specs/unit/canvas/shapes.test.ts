import { describe, expect, it } from 'vitest';
import { Chain, chain } from '../../../canvas/chain.js';
import { Chord, chord } from '../../../canvas/chord.js';
import type { ValidationProblem } from '../../../canvas/errors.js';
import { Group, group } from '../../../canvas/group.js';
import { Signature, signature } from '../../../canvas/signature.js';
import { validationErrorOf } from '../validation-error.js';

const t = (name: string, ...args: number[]) => signature(name, args);
const build = 'build one with task.s(...), chain(...), group(...) or chord(...)';

const problemsOf = (call: () => unknown): readonly ValidationProblem[] => validationErrorOf(call).errors;

describe('when a chain is built', () => {
  it('keeps its steps in order, in a frozen list of its own', () => {
    const steps = [t('a'), t('b')];
    const c = new Chain(steps);
    steps.pop();
    expect(c.steps.map((s) => (s as Signature).task)).toEqual(['a', 'b']);
    expect(Object.isFrozen(c.steps)).toBe(true);
  });

  it('refuses no steps, or steps that are not a list, pointing to the chain and suggesting a group', () => {
    const expected = [{ path: '/chain', message: 'A chain needs at least one step', hint: 'pass one or more signatures, or use group() for none' }];
    expect(problemsOf(() => chain())).toEqual(expected);
    expect(problemsOf(() => new Chain(t('a') as never))).toEqual(expected);
  });

  it('names the step that is not a node, what it is and how to build one', () => {
    expect(problemsOf(() => chain(t('a'), 'add' as never))).toEqual([{ path: '/chain/1', message: 'Expected a signature, chain, group or chord, got string', hint: build }]);
    expect(problemsOf(() => chain(null as never))).toEqual([{ path: '/chain/0', message: 'Expected a signature, chain, group or chord, got null', hint: build }]);
  });
});

describe('when a group is built', () => {
  it('takes its members as arguments or as one list', () => {
    expect(group(t('a'), t('b')).members).toHaveLength(2);
    expect(group([t('a'), t('b')]).members).toHaveLength(2);
    expect(group(t('a')).members.map((m) => (m as Signature).task)).toEqual(['a']);
    expect(group().members).toEqual([]);
  });

  it('refuses a list mixed with other members instead of dropping the others', () => {
    expect(problemsOf(() => group([t('a')] as never, t('b')))).toEqual([{ path: '/group/0', message: 'Expected a signature, chain, group or chord, got object', hint: build }]);
  });

  it('refuses members that are not a list, and names a member that is not a node', () => {
    expect(problemsOf(() => new Group({} as never))).toEqual([{ path: '/group', message: "A group's members must be an array" }]);
    expect(problemsOf(() => group(t('a'), 5 as never))).toEqual([{ path: '/group/1', message: 'Expected a signature, chain, group or chord, got number', hint: build }]);
  });
});

describe('when a chord is built', () => {
  it('refuses a header that is not a list, a header member that is not a node, and no body', () => {
    expect(problemsOf(() => chord('a' as never, t('b')))).toEqual([{ path: '/chord/header', message: "A chord's header must be an array of nodes (or a group)" }]);
    expect(problemsOf(() => chord([t('a'), {} as never], t('b')))).toEqual([{ path: '/chord/header/1', message: 'Expected a signature, chain, group or chord, got object', hint: build }]);
    expect(problemsOf(() => chord([t('a')], undefined as never))).toEqual([{ path: '/chord/body', message: 'A chord needs a body', hint: 'chord([...header], body.s())' }]);
    expect(problemsOf(() => chord([t('a')], 'b' as never))).toEqual([{ path: '/chord/body', message: 'Expected a signature, chain, group or chord, got string', hint: build }]);
  });

  it('refuses a group header with callbacks of its own, and says where they go', () => {
    const expected = [{ path: '/chord/header', message: 'A group used as a chord header cannot have its own link or linkError', hint: 'put the callbacks on the chord instead' }];
    expect(problemsOf(() => chord(group(t('a')).link(t('l')), t('b')))).toEqual(expected);
    expect(problemsOf(() => chord(group(t('a')).linkError(t('e')), t('b')))).toEqual(expected);
  });

  it('takes a plain group as its header, members in order, and the same chord as from a list', () => {
    const c = chord(group(t('a'), t('b')), t('c'));
    expect(c).toBeInstanceOf(Chord);
    expect(c.header.map((m) => (m as Signature).task)).toEqual(['a', 'b']);
    expect(c).toEqual(chord([t('a'), t('b')], t('c')));
  });
});

describe('when a callback is added', () => {
  it('appends links and errbacks in order and keeps the options', () => {
    const node = t('a').set({ queue: 'q' }).link(t('l1')).link(t('l2')).linkError(t('e1')).linkError(t('e2'));
    expect(node.links.map((l) => (l as Signature).task)).toEqual(['l1', 'l2']);
    expect(node.errbacks.map((l) => (l as Signature).task)).toEqual(['e1', 'e2']);
    expect(node.options).toEqual({ queue: 'q' });
    expect(Object.isFrozen(node.links) && Object.isFrozen(node.errbacks)).toBe(true);
  });

  it('refuses a callback that is not a node, naming link or linkError', () => {
    expect(problemsOf(() => t('a').link('b' as never))).toEqual([{ path: '/link', message: 'Expected a signature, chain, group or chord, got string', hint: build }]);
    expect(problemsOf(() => t('a').linkError(undefined as never))).toEqual([{ path: '/linkError', message: 'Expected a signature, chain, group or chord, got undefined', hint: build }]);
  });

  it('keeps callbacks and options when options are set afterwards, and merges the options', () => {
    const node = group(t('a')).link(t('l')).set({ queue: 'q' }).set({ retries: 2 });
    expect(node.links).toHaveLength(1);
    expect(node.options).toEqual({ queue: 'q', retries: 2 });
  });
});

describe('when a signature is built', () => {
  it('is partial unless asked to be immutable, with no arguments by default', () => {
    expect([signature('a').immutable, signature('a').args]).toEqual([false, []]);
    expect(signature('a', [1], { immutable: true }).immutable).toBe(true);
    expect(signature('a', [1], {}).immutable).toBe(false);
  });

  it('refuses a missing or empty task name and arguments that are not a list', () => {
    const noName = [{ path: '/task', message: 'A signature needs a task name', hint: 'pass the name given to app.task()' }];
    expect(problemsOf(() => signature(''))).toEqual(noName);
    expect(problemsOf(() => signature(5 as never))).toEqual(noName);
    expect(problemsOf(() => signature('a', 'x' as never))).toEqual([{ path: '/args', message: "A signature's arguments must be an array" }]);
  });

  it('names the task and the argument that is not JSON, and says what travels', () => {
    expect(problemsOf(() => signature('add', [1, { at: new Date(0) }] as never))).toEqual([
      {
        path: '/args/1/at',
        message: "Argument of task 'add' is not a JSON value: found Date",
        hint: 'arguments travel as JSON; pass plain objects, arrays, strings, finite numbers, booleans or null',
      },
    ]);
  });

  it('keeps task, arguments, immutability and callbacks through .set()', () => {
    const sig = new Signature('add', [1], true).link(t('l')).set({ retries: 1 });
    expect([sig.task, sig.args, sig.immutable, sig.links.length, sig.options]).toEqual(['add', [1], true, 1, { retries: 1 }]);
  });
});

describe('when a chain, group or chord gets options or callbacks', () => {
  it('keeps its children and kind', () => {
    const c = chain(t('a'), t('b')).set({ queue: 'q' });
    const g = group(t('a')).link(t('l'));
    const ch = chord([t('a')], t('b')).linkError(t('e'));
    expect([c.kind, c.steps.length, g.kind, g.members.length, ch.kind, ch.header.length, (ch.body as Signature).task]).toEqual(['chain', 2, 'group', 1, 'chord', 1, 'b']);
  });
});
