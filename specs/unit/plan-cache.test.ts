import { describe, expect, it } from 'vitest';
import { plan, type Plan } from '../../canvas/plan.js';
import { Signature } from '../../canvas/signature.js';
import type { ResultStore } from '../../engine/ports/result-store.js';
import { PlanCache } from '../../engine/runtime/plan-cache.js';

/** A store that only loads plans, counting loads, and answers when told to. */
function plansStore(plans: Plan[]) {
  const byId = new Map(plans.map((p) => [p.workflowId, p]));
  const loads: string[] = [];
  const waiting: Array<() => void> = [];
  const store = {
    loadPlan: (id: string) => {
      loads.push(id);
      return new Promise<Plan | undefined>((resolve) => waiting.push(() => resolve(byId.get(id))));
    },
  } as unknown as ResultStore;
  return { store, loads, answer: () => waiting.splice(0).forEach((go) => go()) };
}

const task = (id: string, arg: string) => plan(new Signature('echo', [arg], false), { workflowId: id, now: 0, taskDefaults: () => undefined });
const nodeOf = (p: Plan) => Object.keys(p.nodes)[0]!;

describe('when many slots of a worker miss the same plan at once', () => {
  it('loads it once and gives every one of them the same plan', async () => {
    const p = task('wf-1', 'a');
    const { store, loads, answer } = plansStore([p]);
    const cache = new PlanCache(store);
    const all = Promise.all([cache.get('wf-1'), cache.forTask('wf-1', nodeOf(p)), cache.get('wf-1')]);
    answer();
    const got = await all;
    expect(loads).toEqual(['wf-1']);
    expect(got.every((each) => each?.workflowId === 'wf-1')).toBe(true);
    expect(await cache.get('wf-1')).toBeDefined();
    expect(loads).toHaveLength(1);
  });
});

describe('when plans carry large arguments', () => {
  it('keeps their shape without the arguments, and loads the plan again to run that task', async () => {
    const big = task('wf-big', 'x'.repeat(100_000));
    const { store, loads, answer } = plansStore([big]);
    const cache = new PlanCache(store);
    const first = cache.forTask('wf-big', nodeOf(big));
    answer();
    expect(((await first)!.nodes[nodeOf(big)] as unknown as { args: unknown[] }).args).toEqual(['x'.repeat(100_000)]);
    expect(cache.bytes).toBeLessThan(2000);
    const shape = await cache.get('wf-big');
    expect((shape!.nodes[nodeOf(big)] as unknown as { args: unknown[] }).args).toEqual([]);
    expect(loads).toHaveLength(1);
    const again = cache.forTask('wf-big', nodeOf(big));
    answer();
    expect(((await again)!.nodes[nodeOf(big)] as unknown as { args: unknown[] }).args).toHaveLength(1);
    expect(loads).toHaveLength(2);
  });

  it('holds at most maxBytes of plans, dropping the least recently used', async () => {
    const plans = Array.from({ length: 50 }, (_, i) => task(`wf-${i}`, 'y'.repeat(1000)));
    const { store, loads, answer } = plansStore(plans);
    const cache = new PlanCache(store, { maxBytes: 20_000 });
    for (const p of plans) {
      const got = cache.get(p.workflowId);
      answer();
      await got;
    }
    expect(cache.bytes).toBeLessThanOrEqual(20_000);
    expect(cache.bytes).toBeGreaterThan(10_000);
    const recent = cache.get('wf-49');
    answer();
    await recent;
    expect(loads).toHaveLength(50);
    const old = cache.get('wf-0');
    answer();
    await old;
    expect(loads).toHaveLength(51);
  });
});
