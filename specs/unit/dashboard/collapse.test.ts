import { afterEach, describe, expect, it } from 'vitest';
import { appSource } from '../../../dashboard/app-source.js';
import { GraphLoader } from '../../../dashboard/graph/load-graph.js';
import { collapse, summaryState } from '../../../dashboard/ui/graph/collapse.js';
import type { WorkflowGraph } from '../../../dashboard/wire.js';
import { chain, chord, createApp, signature, type App, type Canvas } from '../../../index.js';

let app: App;
afterEach(() => app?.close());

async function graphOf(canvas: Canvas): Promise<WorkflowGraph> {
  app = createApp({ driver: 'memory' });
  const res = await app.apply(canvas);
  return (await new GraphLoader(appSource(app)).load(res.id))!;
}

const squares = (n: number) => Array.from({ length: n }, (_, i) => signature('square', [i]));

describe('collapsing large groups', () => {
  describe('when a chord has 1,000 header members', () => {
    it('draws them as one summary node joined to the body, and all of them once expanded', async () => {
      const g = await graphOf(chain(signature('start', [1]), chord(squares(1000), signature('total'))));
      const folded = collapse(g, new Set());
      expect(folded.nodes.map((n) => `${n.kind}:${n.id}`).sort()).toEqual(['summary:r.1#members', 'task:r.0', 'task:r.1.b']);
      expect(folded.nodes.find((n) => n.kind === 'summary')).toMatchObject({ label: '1000 × square' });
      expect(folded.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(['r.0>r.1#members', 'r.1#members>r.1.b']);
      expect(folded.summaryOf.get('r.1.999')).toBe('r.1#members');

      const open = collapse(g, new Set(['r.1']));
      expect(open.nodes.filter((n) => n.kind === 'task')).toHaveLength(1002);
      expect(open.blocks).toEqual([{ id: 'r.1', rows: Array.from({ length: 1000 }, (_, i) => [`r.1.${i}`]) }]);
    });
  });

  it('leaves groups at or under the limit as they are', async () => {
    const g = await graphOf(chord(squares(50), signature('total')));
    expect(collapse(g, new Set()).nodes.filter((n) => n.kind === 'task')).toHaveLength(51);
  });

  it('folds an outer group over inner ones, chains of members included', async () => {
    const members = Array.from({ length: 60 }, (_, i) => chain(signature('fetch', [i]), signature('parse')));
    const g = await graphOf(chord(members, signature('report')));
    const folded = collapse(g, new Set());
    expect(folded.nodes.map((n) => n.id).sort()).toEqual(['r#members', 'r.b']);
    expect(collapse(g, new Set(['r'])).blocks[0]?.rows[59]).toEqual(['r.59.0', 'r.59.1']);
  });
});

describe('the state of a summary', () => {
  it('is failed when one failed, running while any runs or some are yet to run, else the common end', () => {
    expect(summaryState(['SUCCESS', 'FAILURE', 'STARTED'])).toBe('FAILURE');
    expect(summaryState(['SUCCESS', 'STARTED', 'PENDING'])).toBe('STARTED');
    expect(summaryState(['SUCCESS', 'PENDING'])).toBe('STARTED');
    expect(summaryState(['PENDING', 'PENDING'])).toBe('PENDING');
    expect(summaryState(['SUCCESS', 'SUCCESS'])).toBe('SUCCESS');
    expect(summaryState(['SUCCESS', 'REVOKED'])).toBe('REVOKED');
  });
});
