import fc from 'fast-check';
import { chain, chord, group, signature, type Canvas } from '../../../index.js';
import { behaviours, type Behaviour } from '../reference/behaviours.js';

/** A canvas as plain data first, so shrinking works on the shape and labels are assigned afterwards. */
export type Shape =
  | { readonly k: 'task'; readonly b: Behaviour; readonly immutable: boolean; readonly retries: number; readonly cb: Callbacks }
  | { readonly k: 'chain'; readonly steps: readonly Shape[]; readonly cb: Callbacks }
  | { readonly k: 'group'; readonly members: readonly Shape[]; readonly cb: Callbacks }
  | { readonly k: 'chord'; readonly header: readonly Shape[]; readonly body: Shape; readonly cb: Callbacks };

export interface Callbacks {
  readonly link: boolean;
  readonly errback: boolean;
}

/** Most nodes have no callbacks; a quarter get a link, an errback or both. */
const callbacks: fc.Arbitrary<Callbacks> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ link: false, errback: false }) },
  { weight: 1, arbitrary: fc.record({ link: fc.boolean(), errback: fc.boolean() }) },
);

/** Canvases of any nesting up to `maxDepth`, empty groups and chords included, with tasks that succeed, fail or fail then succeed. */
export function shapeArbitrary(maxDepth = 5): fc.Arbitrary<Shape> {
  const { node } = fc.letrec<{ node: Shape; task: Shape; chain: Shape; group: Shape; chord: Shape }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', maxDepth, withCrossShrink: true }, tie('task'), tie('chain'), tie('group'), tie('chord')),
    task: fc.record({
      k: fc.constant('task' as const),
      b: fc.constantFrom<Behaviour>(...behaviours, 'ok', 'ok', 'ok', 'ok'),
      immutable: fc.boolean(),
      retries: fc.constantFrom(0, 0, 1, 2),
      cb: callbacks,
    }),
    chain: fc.record({ k: fc.constant('chain' as const), steps: fc.array(tie('node'), { minLength: 1, maxLength: 4 }), cb: callbacks }),
    group: fc.record({ k: fc.constant('group' as const), members: fc.array(tie('node'), { maxLength: 4 }), cb: callbacks }),
    chord: fc.record({ k: fc.constant('chord' as const), header: fc.array(tie('node'), { maxLength: 4 }), body: tie('task'), cb: callbacks }),
  }));
  return node;
}

/** Builds the canvas, giving every task (callbacks included) a unique label as its last argument. */
export function buildCanvas(shape: Shape): Canvas {
  let next = 0;
  const build = (s: Shape): Canvas => {
    let node: Canvas;
    switch (s.k) {
      case 'task': {
        const sig = signature(s.b, [next++], { immutable: s.immutable });
        node = s.retries > 0 ? sig.set({ retries: s.retries }) : sig;
        break;
      }
      case 'chain':
        node = chain(...s.steps.map(build));
        break;
      case 'group':
        node = group(s.members.map(build));
        break;
      case 'chord':
        node = chord(s.header.map(build), build(s.body));
        break;
    }
    if (s.cb.link) node = node.link(signature('ok', [next++]));
    if (s.cb.errback) node = node.linkError(signature('ok', [next++]));
    return node;
  };
  return build(shape);
}
