import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskCatalog } from '../../engine/ports/task-catalog.js';

export interface CatalogFixture {
  readonly catalog: TaskCatalog;
  cleanup(): Promise<void>;
}

/** The promises every TaskCatalog makes (engine/ports/task-catalog.ts), run against one adapter. */
export function taskCatalogContract(name: string, make: () => Promise<CatalogFixture>): void {
  describe(`TaskCatalog contract (${name})`, () => {
    let fixture: CatalogFixture;
    let catalog: TaskCatalog;
    const now = Date.now();
    beforeEach(async () => {
      fixture = await make();
      catalog = fixture.catalog;
    });
    afterEach(() => fixture.cleanup());

    it('returns each worker’s registration of a name until its TTL passes, and leaves unknown names out', async () => {
      await catalog.publish('w1', [{ name: 'fetch', options: { retries: 3, queue: 'io' } }, { name: 'parse', options: {} }], now - 100, 30_000, now);
      await catalog.publish('w2', [{ name: 'fetch', options: { retries: 5 } }], now, 10_000, now);
      const found = await catalog.lookup(['fetch', 'parse', 'nobody'], now + 1);
      expect([...found.keys()].sort()).toEqual(['fetch', 'parse']);
      expect(found.get('fetch')!.sort((a, b) => a.workerId.localeCompare(b.workerId))).toEqual([
        { workerId: 'w1', options: { retries: 3, queue: 'io' }, registeredAt: now - 100 },
        { workerId: 'w2', options: { retries: 5 }, registeredAt: now },
      ]);
      const later = await catalog.lookup(['fetch'], now + 20_000);
      expect(later.get('fetch')!.map((e) => e.workerId)).toEqual(['w1']);
      expect((await catalog.lookup(['fetch'], now + 40_000)).size).toBe(0);
    });

    it('keeps one entry per worker, the last published, and forgets a worker that withdrew', async () => {
      await catalog.publish('w1', [{ name: 'fetch', options: { retries: 1 } }], now, 30_000, now);
      await catalog.publish('w1', [{ name: 'fetch', options: { retries: 1 } }], now, 30_000, now + 10_000);
      expect((await catalog.lookup(['fetch'], now + 35_000)).get('fetch')).toHaveLength(1);
      await catalog.withdraw('w1', ['fetch']);
      expect((await catalog.lookup(['fetch'], now + 1)).size).toBe(0);
    });
  });
}
