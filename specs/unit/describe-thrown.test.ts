import { describe, expect, it } from 'vitest';
import { runOne } from '../support/run-one.js';

describe('when a handler throws an error that fights being read', () => {
  it('reports an error whose message getter throws by its name, saying the message could not be read', async () => {
    const error = Object.defineProperty(new RangeError('hidden'), 'message', { get: () => { throw new Error('no'); } });
    const result = await runOne(() => { throw error; });
    expect(result).toMatchObject({ ok: false, failure: { errorName: 'RangeError', message: "(the error's message could not be read)", taskName: 'probe' } });
  });

  it('reports a revoked proxy as a value that cannot be shown', async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const result = await runOne(() => Promise.reject(proxy));
    expect(result).toMatchObject({ ok: false, failure: { errorName: 'NonErrorThrown', message: "Task 'probe' threw a non-Error value: a value that cannot be shown (object)" } });
  });

  it('reports a result whose getter throws as a result that cannot be read as JSON, not retried', async () => {
    const result = await runOne(() => Object.defineProperty({}, 'total', { enumerable: true, get: () => { throw new Error('gone'); } }));
    expect(result).toMatchObject({ ok: false, failure: { errorName: 'NonJsonResult', nonRetryable: true } });
    expect(result.ok === false && result.failure.message).toMatch(/cannot be read as JSON \(Error: gone\)/);
  });

  it('stores a copy of a result whose getter answers differently each time, as first read', async () => {
    let reads = 0;
    const result = await runOne(() => Object.defineProperty({}, 'n', { enumerable: true, get: () => ++reads }));
    expect(result.ok).toBe(true);
    expect(result.ok === true && result.value).toEqual({ n: 2 }); // read once to check, once to copy; stored as copied
  });
});
