import { describe, expectTypeOf, it } from 'vitest';
import { chain, chord, createApp, group, signature, type AsyncResult, type Chain, type Chord, type Group, type Json, type Signature } from '../../index.js';

// Compile-time checks, proven by `tsc --noEmit` in `npm test`: each `expectTypeOf` line states a type the
// compiler must infer, and each `@ts-expect-error` line a call it must refuse (an unused directive is itself
// an error, so a check that stopped failing fails the type check). Nothing here needs a worker.

const app = createApp({ driver: 'memory' });
const add = app.task('add', (x: number, y: number) => x + y);
const xsum = app.task('xsum', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
const label = app.task('label', (n: number) => `n=${n}`);
const shout = app.task('shout', async (text: string, times: number = 1) => text.toUpperCase().repeat(times));
const tick = app.task('tick', () => 'tick');
interface Report {
  readonly pages: number;
  readonly title: string;
}
const report = app.task('report', (pages: number): Report => ({ pages, title: 'r' }));
const pagesOf = app.task('pagesOf', (r: Report) => r.pages);

describe('signatures', () => {
  it('carry the task result and the first parameter', () => {
    expectTypeOf(add.s(1, 2)).toEqualTypeOf<Signature<number, number>>();
    expectTypeOf(add.s(2)).toEqualTypeOf<Signature<number, number>>();
    expectTypeOf(add.si(1, 2)).toEqualTypeOf<Signature<number, unknown>>();
    expectTypeOf(shout.s('a')).toEqualTypeOf<Signature<string, string>>();
    expectTypeOf(tick.s()).toEqualTypeOf<Signature<string, unknown>>();
    expectTypeOf(add.map([1, 2])).toEqualTypeOf<Signature<number[], unknown>>();
    expectTypeOf(add.chunks([[1, 2]], 1)).toEqualTypeOf<Group<number[][], unknown>>();
  });

  it('refuse arguments that do not fit the handler', () => {
    // @ts-expect-error add takes numbers
    add.s(1, 'x');
    // @ts-expect-error add takes numbers
    add.si('x', 1);
    // @ts-expect-error add takes two arguments, not three
    add.si(1, 2, 3);
    // @ts-expect-error an immutable signature gets no parent result, so it needs every argument
    add.si(1);
    // @ts-expect-error delay runs the task on its own: every argument
    void add.delay(1);
  });

  it('by name are untyped: any arguments, a JSON result', () => {
    expectTypeOf(signature('add', [1, 'x'])).toEqualTypeOf<Signature>();
    expectTypeOf(app.signature('add', [1])).toEqualTypeOf<Signature>();
  });
});

describe('chain', () => {
  it('results in its last step', () => {
    expectTypeOf(chain(add.s(2, 2), add.s(4), label.s())).toEqualTypeOf<Chain<string, number>>();
    expectTypeOf(chain(report.s(3), pagesOf.s())).toEqualTypeOf<Chain<number, number>>();
  });

  it('refuses a step whose first parameter does not take the previous result', () => {
    // @ts-expect-error label returns a string, add's first parameter is a number
    chain(label.s(1), add.s(2));
    // @ts-expect-error the second step's result does not fit the third
    chain(add.s(1, 1), label.s(), xsum.s());
    // @ts-expect-error a group's tuple of numbers is not a number
    chain(add.s(1, 1), group(add.s(1), add.s(2)), add.s(3));
    // @ts-expect-error every member of a group after a step takes that step's result
    chain(add.s(1, 1), group(add.s(1), shout.s()));
  });

  it('lets immutable and untyped steps take anything, and untyped results go anywhere', () => {
    expectTypeOf(chain(label.s(1), add.si(1, 2))).toEqualTypeOf<Chain<number, number>>();
    expectTypeOf(chain(label.s(1), signature('any'), add.s(2))).toEqualTypeOf<Chain<number, number>>();
  });

  it('passes a group on as the tuple of its results (a chord)', () => {
    expectTypeOf(chain(add.s(1, 1), group(add.s(10), add.s(20)), xsum.s())).toEqualTypeOf<Chain<number, number>>();
  });
});

describe('group and chord', () => {
  it('a group results in the tuple of its members, or an array for an array', () => {
    expectTypeOf(group(add.s(1, 1), label.s(2))).toEqualTypeOf<Group<[number, string], number>>();
    expectTypeOf(group([add.s(1, 1), label.s(2)])).toEqualTypeOf<Group<[number, string], number>>();
    expectTypeOf(group([1, 2, 3].map((n) => add.s(n, n)))).toEqualTypeOf<Group<number[], number>>();
    expectTypeOf(group()).toEqualTypeOf<Group<[], unknown>>();
    expectTypeOf(group(group(add.s(1, 1)), add.s(2, 2))).toEqualTypeOf<Group<[[number], number], number>>();
  });

  it('a chord results in its body', () => {
    expectTypeOf(chord([add.s(1, 1), add.s(2, 2)], xsum.s())).toEqualTypeOf<Chord<number, number>>();
    expectTypeOf(chord(group(add.s(1, 1), add.s(2, 2)), label.si(1))).toEqualTypeOf<Chord<string, number>>();
  });

  it('refuses a body that does not take the header results', () => {
    // @ts-expect-error xsum takes numbers, the header gives strings
    chord([label.s(1), label.s(2)], xsum.s());
    // @ts-expect-error add's first parameter is a number, the header gives a list
    chord([add.s(1, 1)], add.s(1));
  });
});

describe('results', () => {
  it('get() resolves to the canvas result type', async () => {
    expectTypeOf(app.apply(chain(add.s(2, 2), add.s(4)))).resolves.toEqualTypeOf<AsyncResult<number>>();
    expectTypeOf(app.apply(group(add.s(1, 1), label.s(2)))).resolves.toEqualTypeOf<AsyncResult<[number, string]>>();
    expectTypeOf(app.apply(chord([add.s(1, 1)], xsum.s()))).resolves.toEqualTypeOf<AsyncResult<number>>();
    expectTypeOf(app.apply(report.s(2))).resolves.toEqualTypeOf<AsyncResult<Report>>();
    expectTypeOf(add.delay(1, 2)).resolves.toEqualTypeOf<AsyncResult<number>>();
    expectTypeOf<AsyncResult<[number, string]>['get']>().returns.resolves.toEqualTypeOf<[number, string]>();
    expectTypeOf(app.applyMany([add.s(1, 1), label.s(1)])).resolves.toEqualTypeOf<AsyncResult<number | string>[]>();
  });

  it('JSON documents and signatures by name stay untyped, or take the type the caller states', () => {
    expectTypeOf(app.apply(app.fromJSON({ task: 'add', args: [1, 2] }))).resolves.toEqualTypeOf<AsyncResult<Json>>();
    expectTypeOf(app.apply(chain(signature('add', [1, 2]), signature('add', [3])))).resolves.toEqualTypeOf<AsyncResult<Json>>();
    expectTypeOf(app.apply<number>(app.fromJSON({ task: 'add', args: [1, 2] }))).resolves.toEqualTypeOf<AsyncResult<number>>();
    expectTypeOf(app.result('some-id')).toEqualTypeOf<AsyncResult<Json>>();
  });
});
