import { describe, expect, it } from 'vitest';
import type { Canvas } from '../../../canvas/canvas.js';
import { chain } from '../../../canvas/chain.js';
import { chord } from '../../../canvas/chord.js';
import { toJSON } from '../../../canvas/document/to-json.js';
import { group } from '../../../canvas/group.js';
import { normalize } from '../../../canvas/normalize.js';
import { signature } from '../../../canvas/signature.js';

const t = (name: string, ...args: number[]) => signature(name, args);
/** The document of the normal form: every node, option and callback, in a form easy to compare. */
const normal = (canvas: Canvas) => toJSON(normalize(canvas));

describe('when a chain has a plain group followed by a step', () => {
  it('makes the group the header and the step the body of a chord, in place of both', () => {
    expect(normal(chain(t('a'), group(t('b'), t('c')), t('d'), t('e')))).toEqual({
      chain: [{ task: 'a' }, { chord: { header: [{ task: 'b' }, { task: 'c' }], body: { task: 'd' } } }, { task: 'e' }],
    });
  });

  it('takes a following group as the body, and the next group starts afresh', () => {
    expect(normal(chain(group(t('a')), group(t('b')), group(t('c')), t('d')))).toEqual({
      chain: [
        { chord: { header: [{ task: 'a' }], body: { group: [{ task: 'b' }] } } },
        { chord: { header: [{ task: 'c' }], body: { task: 'd' } } },
      ],
    });
  });

  it('leaves a group that ends the chain as it is', () => {
    expect(normal(chain(t('a'), group(t('b'))))).toEqual({ chain: [{ task: 'a' }, { group: [{ task: 'b' }] }] });
  });
});

describe('when the group is not plain', () => {
  it('keeps a group with options, a link or an errback as a group', () => {
    for (const g of [group(t('b')).set({ queue: 'q' }), group(t('b')).link(t('l')), group(t('b')).linkError(t('e'))]) {
      const steps = (normal(chain(g, t('d'))) as { chain: { group?: unknown }[] }).chain;
      expect(steps.map((s) => ('group' in s ? 'group' : 'other'))).toEqual(['group', 'other']);
    }
  });
});

describe('when the rewrite applies deep inside', () => {
  it('rewrites chains in group members, chord headers and bodies, links and errbacks, keeping every option', () => {
    const inner = () => chain(group(t('x')), t('y')).set({ retries: 1 });
    const canvas = chord([inner()], inner()).set({ queue: 'q' }).link(group(inner())).linkError(inner());
    const rewritten = { chain: [{ chord: { header: [{ task: 'x' }], body: { task: 'y' } } }], options: { retries: 1 } };
    expect(normal(canvas)).toEqual({
      chord: { header: [rewritten], body: rewritten },
      options: { queue: 'q' },
      link: [{ group: [rewritten] }],
      linkError: [rewritten],
    });
  });

  it('keeps a task as it is, with its arguments, immutability, options and callbacks', () => {
    const sig = signature('a', [1, 2], { immutable: true }).set({ countdown: 5 }).link(t('l')).linkError(t('e'));
    expect(normal(sig)).toEqual(toJSON(sig));
    expect(normal(chain(t('a')).set({ priority: 3 }).link(t('l')))).toEqual({ chain: [{ task: 'a' }], options: { priority: 3 }, link: [{ task: 'l' }] });
  });
});
