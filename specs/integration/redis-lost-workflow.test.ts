import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp, isCeleriacError, signature } from '../../index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';

const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe("when a workflow's keys are wiped from Redis while get() waits for it", () => {
  it('rejects with NOT_FOUND within one existence check and its grace, instead of waiting out its timeout', async () => {
    const prefix = `test-${randomUUID()}`;
    const app = createApp({ redis, prefix });
    try {
      const res = await app.apply(signature('never-run', []));
      const started = performance.now();
      const waiting = res.get({ timeout: 60_000 }).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await deleteKeys(prefix);
      const error = await waiting;
      expect(isCeleriacError(error) && error.code, String(error)).toBe('NOT_FOUND');
      expect((error as Error).message).toMatch(/disappeared from the store while waiting for it/);
      expect(performance.now() - started).toBeLessThan(5000 + 2000 + 1000);
    } finally {
      await app.close();
      await deleteKeys(prefix);
    }
  });
});
