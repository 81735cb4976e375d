import { afterEach, describe, expect, it } from 'vitest';
import { appSource } from '../../../dashboard/app-source.js';
import { locateNode } from '../../../dashboard/graph/build-graph.js';
import { GraphLoader } from '../../../dashboard/graph/load-graph.js';
import type { WorkflowGraph } from '../../../dashboard/wire.js';
import { chain, chord, createApp, group, signature, type App, type Canvas } from '../../../index.js';

let app: App;
afterEach(() => app?.close());

/** The graph of `canvas` as applied on a memory app with no worker: every node PENDING, the plan as stored. */
async function graphOf(canvas: Canvas): Promise<WorkflowGraph> {
  app = createApp({ driver: 'memory' });
  const res = await app.apply(canvas);
  return (await new GraphLoader(appSource(app)).load(res.id))!;
}

const t = (name: string, ...args: number[]) => signature(name, args);
const pairs = (g: WorkflowGraph) => g.edges.map((e) => `${e.from}>${e.to}:${e.kind}`).sort();
const names = (g: WorkflowGraph) => Object.fromEntries(g.nodes.map((n) => [n.id, n.taskName]));

describe('the graph of a workflow', () => {
  it('links each chain step to the next, left to right', async () => {
    const g = await graphOf(chain(t('a', 1), t('b'), t('c')));
    expect(names(g)).toEqual({ 'r.0': 'a', 'r.1': 'b', 'r.2': 'c' });
    expect(pairs(g)).toEqual(['r.0>r.1:next', 'r.1>r.2:next']);
    expect(g.nodes.every((n) => n.state === 'PENDING')).toBe(true);
  });

  it('fans a step out to every member of a group, and joins a chord header into its body', async () => {
    const g = await graphOf(chain(t('a', 1), chord([t('b'), t('c')], t('sum'))));
    expect(pairs(g)).toEqual(['r.0>r.1.0:next', 'r.0>r.1.1:next', 'r.1.0>r.1.b:join', 'r.1.1>r.1.b:join']);
    expect(g.containers.find((c) => c.id === 'r.1')).toMatchObject({ kind: 'chord', children: ['r.1.0', 'r.1.1', 'r.1.b'] });
  });

  it('draws links and errbacks as side edges from the node they follow', async () => {
    const g = await graphOf(chain(t('a', 1), t('b')).link(t('done')).linkError(t('oops')));
    expect(pairs(g)).toEqual(['r.0>r.1:next', 'r.1>r.e0:errback', 'r.1>r.l0:link']);
    expect(g.nodes.find((n) => n.id === 'r.e0')?.role).toBe('errback');
  });

  it('lets an empty group pass its input through (a group and a step make a chord: the step is its body)', async () => {
    const g = await graphOf(chain(t('a', 1), group(), t('b')));
    expect(pairs(g)).toEqual(['r.0>r.1.b:next']);
  });

  it('joins a large group into another through one junction instead of every pair', async () => {
    const many = (name: string) => Array.from({ length: 100 }, (_, i) => t(name, i));
    const g = await graphOf(chain(t('start', 0), chord(many('x'), group(many('y')))));
    expect(g.junctions).toEqual(['r.1/join']);
    expect(g.edges.filter((e) => e.kind === 'join')).toHaveLength(200);
  });
});

describe('a task that replaced itself', () => {
  it('is followed by the canvas that replaced it, which feeds the task\'s successors', async () => {
    app = createApp({ driver: 'memory' });
    const leaf = app.task('leaf', (x: number) => x * 10);
    app.task('fan', function (n: number) {
      this.replace(group(Array.from({ length: n }, (_, i) => leaf.s(i + 1))));
    });
    app.task('sum', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
    app.worker({ concurrency: 2 });
    const res = await app.apply(chain(t('fan', 2), t('sum')));
    expect(await res.get({ timeout: 5_000 })).toBe(30);
    const g = (await new GraphLoader(appSource(app)).load(res.id))!;
    expect(names(g)).toEqual({ 'r.0': 'fan', 'r.1': 'sum', 'r.0~r.0': 'leaf', 'r.0~r.1': 'leaf' });
    expect(pairs(g)).toEqual(['r.0>r.0~r.0:replace', 'r.0>r.0~r.1:replace', 'r.0~r.0>r.1:next', 'r.0~r.1>r.1:next']);
    expect(g.nodes.find((n) => n.id === 'r.0~r.1')).toMatchObject({ state: 'SUCCESS', replaces: 'r.0' });
    expect(locateNode(res.id, 'r.0~r.1')).toEqual({ workflowId: `${res.id}~r.0`, nodeId: 'r.1' });
  });
});
