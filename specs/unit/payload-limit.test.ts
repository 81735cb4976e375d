import { afterEach, describe, expect, it } from 'vitest';
import { chain, createApp, isCeleriacError, PayloadTooLarge, type App } from '../../index.js';

describe('when arguments or results are larger than maxPayloadBytes', () => {
  let app: App;
  afterEach(() => app.close());

  it('refuses the apply with PayloadTooLarge naming the task and the size, and stores nothing', async () => {
    app = createApp({ driver: 'memory', maxPayloadBytes: 1000 });
    const echo = app.task('echo', (x: string) => x);
    const error = await app.apply(echo.s('x'.repeat(2000))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLarge);
    expect(isCeleriacError(error) && error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((error as Error).message).toMatch(/^Task 'echo': its arguments take 2004 bytes as JSON, above `maxPayloadBytes` \(1000\)/);
    expect(error).toMatchObject({ taskName: 'echo', bytes: 2004, limit: 1000 });
  });

  it('fails a task whose result is too large, without retrying it', async () => {
    app = createApp({ driver: 'memory', maxPayloadBytes: 1000 });
    let runs = 0;
    const big = app.task('big', () => (runs++, 'y'.repeat(5000)), { retries: 3 });
    app.worker();
    const error = await (await app.apply(big.s())).get({ timeout: 5000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ errorName: 'PayloadTooLarge', taskName: 'big' });
    expect((error as Error).message).toMatch(/its result takes 5002 bytes/);
    expect(runs).toBe(1);
  });

  it("fails a task whose arguments grew too large with its parent's result, in the worker", async () => {
    app = createApp({ driver: 'memory', maxPayloadBytes: 1000 });
    const half = app.task('half', () => 'z'.repeat(900));
    const join = app.task('join', (a: string, b: string) => a + b);
    app.worker();
    const error = await (await app.apply(chain(half.s(), join.s('w'.repeat(200))))).get({ timeout: 5000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ errorName: 'PayloadTooLarge', taskName: 'join' });
    expect((error as Error).message).toContain(`its arguments take ${Buffer.byteLength(JSON.stringify(['z'.repeat(900), 'w'.repeat(200)]))} bytes`);
  });

  it('takes 10 MiB by default', async () => {
    app = createApp({ driver: 'memory' });
    const echo = app.task('echo', (x: string) => x.length);
    app.worker();
    expect(await (await app.apply(echo.s('a'.repeat(1024 * 1024)))).get({ timeout: 5000 })).toBe(1024 * 1024);
    await expect(app.apply(echo.s('a'.repeat(10 * 1024 * 1024)))).rejects.toThrow(/its arguments take 10485764 bytes as JSON, above `maxPayloadBytes` \(10485760\)/);
  });
});

describe('when worker options ask for what a pool cannot do', () => {
  const app = createApp({ driver: 'memory' });
  it('says so, naming the option', () => {
    expect(() => app.worker({ pool: 'forks' as never })).toThrow(/Expected `pool` to be 'inline', 'threads' or 'processes', got `forks`/);
    expect(() => app.worker({ pool: 'threads' })).toThrow(/A 'threads' pool needs `module`/);
    expect(() => app.worker({ terminateGraceMs: 10 })).toThrow(/`terminateGraceMs` needs a thread or process pool/);
    expect(() => app.worker({ maxStalls: -1 })).toThrow(/Expected `maxStalls` to be a whole number from 0 and up, got `-1`/);
    expect(() => app.worker({ shutdownTimeoutMs: Number.NaN })).toThrow(/Expected `shutdownTimeoutMs` to be milliseconds/);
    expect(() => app.worker({ concurency: 2 } as never)).toThrow(/Invalid worker option `concurency`/);
  });
});
