import { MemoryBroker } from '../../adapters/memory/index.js';
import { App } from '../../engine/app.js';
import { systemClock, type Clock } from '../../engine/ports/clock.js';
import { randomIds } from '../../engine/ports/ids.js';
import { silentLogger } from '../../engine/ports/logger.js';
import type { RateLimiter, ResultStore } from '../../engine/ports/index.js';

/**
 * An app on a given store with a fresh in-process broker, as a process would be after the broker lost all its
 * data. Its tasks record each run in `runs`: `add`, `sum`, and `gate`, which never returns when `blockOn` is
 * 'gate' (a task stuck in a worker that then dies). Unit tests give it their fake clock.
 */
export function appOnStore(store: ResultStore & RateLimiter, blockOn?: 'gate', clock: Clock = systemClock) {
  const broker = new MemoryBroker(clock);
  const app = new App({ store, broker, scheduler: broker, rateLimiter: store, clock, ids: randomIds, logger: silentLogger }, { driver: 'memory', close: () => broker.close() });
  const runs: string[] = [];
  app.task('add', (x: number, y: number) => (runs.push(`add ${x} ${y}`), x + y));
  app.task('sum', (xs: number[]) => (runs.push('sum'), xs.reduce((a, b) => a + b, 0)));
  app.task('gate', (x: number) => {
    runs.push(`gate ${x}`);
    return blockOn === 'gate' ? new Promise<number>(() => undefined) : x;
  });
  return { app, broker, runs };
}
