import { describe, expect, it } from 'vitest';
import { chain, chord, group, normalize, plan, signature, type PlannedNode } from '../../index.js';
import { getNode } from '../../canvas/plan.js';

const t = (name: string, ...args: number[]) => signature(name, args);
const now = Date.parse('2026-01-01T00:00:00Z');

describe('normalize', () => {
  it('turns a plain group followed by a step inside a chain into a chord', () => {
    const c = normalize(chain(t('a'), group(t('b'), t('c')), t('d'), t('e')));
    expect(c.kind).toBe('chain');
    const steps = (c as ReturnType<typeof chain>).steps;
    expect(steps.map((s) => s.kind)).toEqual(['task', 'chord', 'task']);
  });
  it('keeps a group with its own options or callbacks as a group', () => {
    const c = normalize(chain(group(t('b')).set({ queue: 'x' }), t('d'))) as ReturnType<typeof chain>;
    expect(c.steps.map((s) => s.kind)).toEqual(['group', 'task']);
  });
  it('does not change its input', () => {
    const input = chain(group(t('b')), t('d'));
    normalize(input);
    expect(input.steps.map((s) => s.kind)).toEqual(['group', 'task']);
  });
});

describe('plan', () => {
  it('gives every node an id, its parent and its index', () => {
    const p = plan(chain(t('a'), chord([t('b'), t('c')], t('d'))), { workflowId: 'w', now });
    const summary = Object.values(p.nodes).map((n: PlannedNode) => [n.id, n.kind, n.parent, n.index, n.role]);
    expect(summary).toEqual([
      ['r', 'chain', null, 0, 'root'],
      ['r.0', 'task', 'r', 0, 'step'],
      ['r.1', 'chord', 'r', 1, 'step'],
      ['r.1.0', 'task', 'r.1', 0, 'header'],
      ['r.1.1', 'task', 'r.1', 1, 'header'],
      ['r.1.b', 'task', 'r.1', 0, 'body'],
    ]);
  });
  it('plans callbacks as detached roots that name their trigger', () => {
    const p = plan(t('a').link(t('ok')).linkError(t('bad')), { workflowId: 'w', now });
    expect(p.nodes['r']!.links).toEqual(['r.l0']);
    expect(p.nodes['r.l0']).toMatchObject({ parent: null, role: 'link', trigger: 'r' });
    expect(p.nodes['r.e0']).toMatchObject({ parent: null, role: 'errback', trigger: 'r' });
  });
  it('resolves options: signature over enclosing canvas over task defaults over built-ins', () => {
    const canvas = group(t('a').set({ retries: 5 }), t('b')).set({ queue: 'outer', retries: 1 });
    const p = plan(canvas, { workflowId: 'w', now, taskDefaults: (name) => (name === 'b' ? { queue: 'task-default', timeout: 50 } : undefined) });
    const a = p.nodes['r.0']!;
    const b = p.nodes['r.1']!;
    expect(a.kind === 'task' && a.options).toMatchObject({ retries: 5, queue: 'outer', timeout: null });
    expect(b.kind === 'task' && b.options).toMatchObject({ retries: 1, queue: 'outer', timeout: 50 });
  });
  it('turns relative expiry into an absolute time and parses rate limits', () => {
    const p = plan(t('a').set({ expires: 1000, rateLimit: '10/m' }), { workflowId: 'w', now });
    expect(p.nodes['r']).toMatchObject({ options: { expiresAt: now + 1000, rateLimit: { max: 10, perMs: 60_000 } } });
  });
  it('is plain JSON and pure', () => {
    const canvas = chord([group(t('a')), chain(t('b'), t('c'))], t('d').link(t('e')));
    const one = plan(canvas, { workflowId: 'w', now });
    expect(JSON.parse(JSON.stringify(one))).toEqual(one);
    expect(plan(canvas, { workflowId: 'w', now })).toEqual(one);
  });
});

describe('plan, node by node', () => {
  it('names the role of each child: chain steps, group members, chord header and body', () => {
    const p = plan(chain(t('a'), group(t('b'), t('c')).set({ queue: 'q' }), chord([t('d')], t('e'))), { workflowId: 'w', now });
    expect(Object.values(p.nodes).map((n) => [n.id, n.role])).toEqual([
      ['r', 'root'],
      ['r.0', 'step'],
      ['r.1', 'step'],
      ['r.1.0', 'member'],
      ['r.1.1', 'member'],
      ['r.2', 'step'],
      ['r.2.0', 'header'],
      ['r.2.b', 'body'],
    ]);
  });
  it("keeps a task's priority, its own or its canvas's", () => {
    const p = plan(group(t('a').set({ priority: 5 }), t('b')).set({ priority: 2 }), { workflowId: 'w', now });
    expect([p.nodes['r.0'], p.nodes['r.1']].map((n) => n?.kind === 'task' && n.options.priority)).toEqual([5, 2]);
  });
  it('says which node is missing when asked for one the workflow does not have', () => {
    const p = plan(t('a'), { workflowId: 'w', now });
    expect(() => getNode(p, 'r.9')).toThrow("Node 'r.9' is not part of workflow w");
  });
});
