import { describe, expect, it } from 'vitest';
import { chain, chord, createApp, group } from '../../index.js';

describe('memory smoke', () => {
  it('runs the README shapes', async () => {
    const app = createApp({ driver: 'memory' });
    const add = app.task('add', (x: number, y: number) => x + y);
    const mul = app.task('mul', (x: number, y: number) => x * y);
    const xsum = app.task('xsum', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
    app.worker({ concurrency: 4 });
    expect(await (await app.apply(chain(add.s(2, 2), add.s(4), mul.s(8)))).get()).toBe(64);
    expect(await (await app.apply(group(add.s(1, 1), add.s(2, 2)))).get()).toEqual([2, 4]);
    expect(await (await app.apply(chord([add.s(1, 1), add.s(2, 2)], xsum.s()))).get()).toBe(6);
    expect(await (await app.apply(chain(add.s(1, 1), group(add.s(10), add.s(20)), xsum.s()))).get()).toBe(34);
    await app.close();
  });
});
