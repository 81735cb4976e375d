import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerRecord, WorkerRegistry } from '../../engine/ports/worker-registry.js';

export interface WorkerRegistryFixture {
  readonly registry: WorkerRegistry;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function record(id: string, now: number, startedAt = now): WorkerRecord {
  return {
    id,
    hostname: 'box',
    pid: 123,
    queues: ['default', 'math'],
    concurrency: 4,
    active: 1,
    processed: 7,
    startedAt,
    lastHeartbeatAt: now,
    tasks: ['add', 'mul'],
    running: [{ workflowId: 'wf', nodeId: 'r.0', taskName: 'add', attempt: 1, workerId: id, startedAt: now - 5 }],
  };
}

/** The promises every WorkerRegistry makes (engine/ports/worker-registry.ts), run against one adapter. */
export function workerRegistryContract(name: string, make: () => Promise<WorkerRegistryFixture>): void {
  describe(`WorkerRegistry contract (${name})`, () => {
    let fixture: WorkerRegistryFixture;
    beforeEach(async () => {
      fixture = await make();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('when workers beat', () => {
      it('lists each with what its last beat said, oldest first', async () => {
        const now = Date.now();
        await fixture.registry.beat(record('w-2', now, now - 10), 10_000);
        await fixture.registry.beat(record('w-1', now - 100, now - 100), 10_000);
        await fixture.registry.beat({ ...record('w-1', now, now - 100), active: 0, running: [] }, 10_000);
        const listed = await fixture.registry.list(Date.now());
        expect(listed.map((w) => w.id)).toEqual(['w-1', 'w-2']);
        expect(listed[0]).toEqual({ ...record('w-1', now, now - 100), active: 0, running: [] });
        expect(listed[1]).toEqual(record('w-2', now, now - 10));
      });
    });

    describe('when a worker stops beating', () => {
      it('is no longer listed once its record expired', async () => {
        const now = Date.now();
        await fixture.registry.beat(record('gone', now, now - 1), 300);
        await fixture.registry.beat(record('alive', now), 10_000);
        expect((await fixture.registry.list(Date.now())).map((w) => w.id)).toEqual(['gone', 'alive']);
        await sleep(450);
        expect((await fixture.registry.list(Date.now())).map((w) => w.id)).toEqual(['alive']);
      });
    });

    describe('when a worker is removed', () => {
      it('is gone at once', async () => {
        await fixture.registry.beat(record('w-1', Date.now()), 10_000);
        await fixture.registry.remove('w-1');
        await fixture.registry.remove('never-there');
        expect(await fixture.registry.list(Date.now())).toEqual([]);
      });
    });
  });
}
