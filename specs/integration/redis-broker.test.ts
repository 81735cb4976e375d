import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, TaskMessage } from '../../engine/ports/broker.js';
import { createRedisAdapter, type RedisAdapter } from '../../adapters/redis/index.js';
import { deleteKeys } from '../contract/redis-cleanup.js';

const adapterModule = fileURLToPath(new URL('../../adapters/redis/index.ts', import.meta.url));
const fast = { lockDurationMs: 1000, stalledIntervalMs: 500 };

/** A worker process that takes one job, says so, and hangs until it is killed. */
const hangingWorker = `
  import { createRedisAdapter } from ${JSON.stringify(adapterModule)};
  const adapter = createRedisAdapter({ prefix: process.env.PREFIX, ...${JSON.stringify(fast)} });
  adapter.broker.consume({ queues: ['crash'], concurrency: 1 }, (message) => {
    process.stdout.write('took ' + message.nodeId + '\\n');
    return new Promise(() => {});
  });
`;

describe('BullMQBroker', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  describe('when the worker holding a job is killed with SIGKILL, twice', () => {
    it('delivers the job to another worker each time its lock expires, and never fails it', async () => {
      const prefix = `test-${randomUUID()}`;
      const adapter: RedisAdapter = createRedisAdapter({ prefix, ...fast });
      cleanups.push(() => adapter.close().then(() => deleteKeys(prefix)));
      const message: TaskMessage = { workflowId: 'wf', nodeId: 'r.0', attempt: 1 };
      await adapter.broker.enqueue([{ jobId: `job-${randomUUID()}`, queue: 'crash', delay: 0, priority: null, message }]);

      // BullMQ's default maxStalledCount of 1 would fail the job at its second stall.
      for (let kill = 0; kill < 2; kill++) {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', hangingWorker], {
          env: { ...process.env, PREFIX: prefix },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        cleanups.unshift(async () => void child.kill('SIGKILL'));
        const took = await new Promise<string>((resolve) => child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
        expect(took).toBe('took r.0');
        child.kill('SIGKILL');
      }

      const redelivered = new Promise<Delivery>((resolve) => adapter.broker.consume({ queues: ['crash'], concurrency: 1 }, async (m) => resolve(m)));
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('not redelivered within 5 s')), 5000).unref());
      // Delivered with the number of times it stalled, which the engine holds against `maxStalls`.
      expect(await Promise.race([redelivered, timeout])).toEqual({ ...message, stalls: 2 });
    }, 20_000);
  });
});
