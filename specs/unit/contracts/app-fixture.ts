import { vi } from 'vitest';
import { MemoryBroker, MemoryResultStore } from '../../../adapters/memory/index.js';
import { App } from '../../../engine/app.js';
import { systemClock } from '../../../engine/ports/clock.js';
import { randomIds } from '../../../engine/ports/ids.js';
import { silentLogger } from '../../../engine/ports/logger.js';

export const number = { type: 'number' } as const;

/** `add(x, y)` with numbers only, and exactly two of them. */
export const addInput = { type: 'array', prefixItems: [number, number], items: false, minItems: 2 } as const;

/** A memory app that registers no task, with its store and broker watched. */
export function bareApp() {
  const store = new MemoryResultStore(systemClock);
  const broker = new MemoryBroker(systemClock);
  const app = new App({ store, broker, scheduler: broker, rateLimiter: store, clock: systemClock, ids: randomIds, logger: silentLogger }, { driver: 'memory', close: () => broker.close() });
  const created = vi.spyOn(store, 'createWorkflow');
  const enqueued = vi.spyOn(broker, 'enqueue');
  return { app, store, broker, created, enqueued };
}

/**
 * A bare app with contract-bearing tasks: add(x, y), xsum(xs), note(failure, tag), report({ pages, limit? }),
 * and `free` with no contract.
 */
export function contractApp() {
  const bare = bareApp();
  const { app } = bare;
  const tasks = {
    add: app.task('add', (x: number, y: number) => x + y, { input: addInput, output: number }),
    xsum: app.task('xsum', (xs: number[]) => xs.reduce((a, b) => a + b, 0), {
      input: { type: 'array', prefixItems: [{ type: 'array', items: number }], items: false, minItems: 1 },
    }),
    note: app.task('note', (_failure: unknown, tag: string) => tag, {
      input: { type: 'array', prefixItems: [{ type: 'object' }, { type: 'string' }], items: false },
    }),
    report: app.task('report', (options: { pages: number }) => options.pages, {
      input: {
        type: 'array',
        prefixItems: [
          {
            type: 'object',
            properties: { pages: { type: 'integer', minimum: 1 }, limit: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
            required: ['pages'],
            additionalProperties: false,
          },
        ],
        items: false,
      },
    }),
    free: app.task('free', (...args: unknown[]) => args.length),
  };
  return { ...bare, tasks };
}
