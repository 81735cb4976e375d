import { describe, expect, it } from 'vitest';
import { chain, chord, group, plan, signature, type Canvas } from '../../index.js';
import type { Json } from '../../canvas/json.js';
import type { Outcome } from '../../engine/ports/outcome.js';
import { step } from '../../engine/machine/workflow-machine.js';

// What `app.retry()` decides from a run's stored outcomes: what the store forgets, which join parts it records
// again, and what runs again (and with which input), effect by effect. The retry contract and retry-faults
// property check the same end to end; these pin each rule of engine/machine/resume.ts on its own.

const t = (name: string) => signature(name, []);
const ok = (value: Json): Outcome => ({ status: 'SUCCESS', value });
const failed: Outcome = { status: 'FAILURE', failure: { type: 'TaskError', message: 'x' } };
const cascaded: Outcome = { status: 'REVOKED', reason: 'cancelled', cascaded: true };

function retry(canvas: Canvas, outcomes: Record<string, Outcome>, input?: Json) {
  const p = { ...plan(canvas, { workflowId: 'w', now: 0 }), ...(input !== undefined ? { input } : {}) };
  return step(p, { type: 'RETRY', outcomes, run: 2, now: 0 }).effects;
}

/** The job that runs `nodeId` again in run 2, with `input` when it is given one. */
function job(nodeId: string, input?: Json) {
  return { jobId: `w.${nodeId}.1.r2`, queue: 'default', delay: 0, priority: null, message: { workflowId: 'w', nodeId, attempt: 1, ...(input !== undefined ? { input } : {}), run: 2 } };
}

describe('retrying a workflow from its failure', () => {
  describe('a chain', () => {
    it('goes on from its first step that did not succeed, with the result of the step before it', () => {
      expect(retry(chain(t('a'), t('b'), t('c')), { 'r.0': ok(1), 'r.1': failed, 'r.2': cascaded, r: failed })).toEqual([
        { type: 'reopen', run: 2, reset: ['r', 'r.1', 'r.2'], parts: [] },
        { type: 'enqueue', jobs: [job('r.1', 1)] },
      ]);
    });

    it('starts again from its first step with the workflow input when that step failed', () => {
      expect(retry(chain(t('a'), t('b')), { 'r.0': failed, 'r.1': cascaded, r: failed }, 5)).toEqual([
        { type: 'reopen', run: 2, reset: ['r', 'r.0', 'r.1'], parts: [] },
        { type: 'enqueue', jobs: [job('r.0', 5)] },
      ]);
    });

    it('whose steps all succeeded commits the last step’s result at once, in its join slot', () => {
      expect(retry(group(chain(t('a'), t('b')), t('c')), { 'r.0.0': ok(1), 'r.0.1': ok(2), 'r.0': cascaded, 'r.1': failed, r: failed })).toEqual([
        { type: 'reopen', run: 2, reset: ['r', 'r.0', 'r.1'], parts: [] },
        { type: 'enqueue', jobs: [job('r.1')] },
        { type: 'commit', nodeId: 'r.0', outcome: ok(2), join: { joinId: 'r', index: 0, size: 2 } },
      ]);
    });

    it('after a group that succeeded passes the group’s stored result on, and leaves the group alone', () => {
      expect(retry(chain(group(t('a'), t('b')), t('c')), { 'r.0.0': ok(1), 'r.0.1': ok(2), 'r.0': ok([1, 2]), 'r.1': failed, r: failed })).toEqual([
        { type: 'reopen', run: 2, reset: ['r', 'r.1'], parts: [] },
        { type: 'enqueue', jobs: [job('r.1', [1, 2])] },
      ]);
    });
  });

  describe('a group', () => {
    it('runs again only its members that did not succeed, recording the others as parts again', () => {
      expect(retry(group(t('a'), t('b'), t('c')), { 'r.0': ok(1), 'r.1': failed, 'r.2': cascaded, r: failed }, 7)).toEqual([
        { type: 'reopen', run: 2, reset: ['r', 'r.1', 'r.2'], parts: [{ joinId: 'r', index: 0, size: 3, value: 1 }] },
        { type: 'enqueue', jobs: [job('r.1', 7), job('r.2', 7)] },
      ]);
    });

    it('whose members all succeeded commits their results in order', () => {
      expect(retry(group(t('a'), t('b')), { 'r.0': ok(1), 'r.1': ok(2), r: cascaded })).toEqual([
        { type: 'reopen', run: 2, reset: ['r'], parts: [{ joinId: 'r', index: 0, size: 2, value: 1 }, { joinId: 'r', index: 1, size: 2, value: 2 }] },
        { type: 'commit', nodeId: 'r', outcome: ok([1, 2]), finish: ok([1, 2]) },
      ]);
    });
  });

  describe('a chord', () => {
    const sum = () => chord([t('a'), t('b')], t('sum'));

    it('runs again the header members that did not succeed, and not yet its body', () => {
      expect(retry(sum(), { 'r.0': ok(1), 'r.1': failed, 'r.b': cascaded, r: failed })).toEqual([
        { type: 'reopen', run: 2, reset: ['r', 'r.1', 'r.b'], parts: [{ joinId: 'r', index: 0, size: 2, value: 1 }] },
        { type: 'enqueue', jobs: [job('r.1')] },
      ]);
    });

    it('whose header all succeeded runs its body with the stored results in header order', () => {
      expect(retry(sum(), { 'r.0': ok(1), 'r.1': ok(2), 'r.b': failed, r: failed })).toEqual([
        { type: 'reopen', run: 2, reset: ['r', 'r.b'], parts: [{ joinId: 'r', index: 0, size: 2, value: 1 }, { joinId: 'r', index: 1, size: 2, value: 2 }] },
        { type: 'enqueue', jobs: [job('r.b', [1, 2])] },
      ]);
    });

    it('whose body succeeded commits the body’s result as its own', () => {
      expect(retry(sum(), { 'r.0': ok(1), 'r.1': ok(2), 'r.b': ok(3), r: cascaded })).toEqual([
        { type: 'reopen', run: 2, reset: ['r'], parts: [{ joinId: 'r', index: 0, size: 2, value: 1 }, { joinId: 'r', index: 1, size: 2, value: 2 }] },
        { type: 'commit', nodeId: 'r', outcome: ok(3), finish: ok(3) },
      ]);
    });
  });

  describe('a link', () => {
    it('whose node succeeded but that did not succeed itself runs with the node’s result', () => {
      expect(retry(t('a').link(t('l')), { r: ok(1), 'r.l0': failed })).toEqual([
        { type: 'reopen', run: 2, reset: ['r.l0'], parts: [] },
        { type: 'enqueue', jobs: [job('r.l0', 1)] },
      ]);
    });

    it('whose node did not succeed waits for it: only the node runs again', () => {
      expect(retry(t('a').link(t('l')), { r: failed })).toEqual([
        { type: 'reopen', run: 2, reset: ['r', 'r.l0'], parts: [] },
        { type: 'enqueue', jobs: [{ ...job('r'), jobId: 'w.r.1.r2' }] },
      ]);
    });

    it('that succeeded does not run again, beside one that failed', () => {
      expect(retry(t('a').link(t('l')).link(t('m')), { r: ok(1), 'r.l0': ok(9), 'r.l1': failed })).toEqual([
        { type: 'reopen', run: 2, reset: ['r.l1'], parts: [] },
        { type: 'enqueue', jobs: [job('r.l1', 1)] },
      ]);
    });
  });

  describe('an errback', () => {
    it('of a node that succeeded does not run, while the member that failed runs again', () => {
      expect(retry(group(t('a').linkError(t('e')), t('b')), { 'r.0': ok(1), 'r.1': failed, r: failed })).toEqual([
        { type: 'reopen', run: 2, reset: ['r', 'r.1', 'r.0.e0'], parts: [{ joinId: 'r', index: 0, size: 2, value: 1 }] },
        { type: 'enqueue', jobs: [job('r.1')] },
      ]);
    });
  });
});
