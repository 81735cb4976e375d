import fc from 'fast-check';
import { chain, chord, group, signature, type Canvas, type TaskOptions } from '../../../index.js';
import { behaviours, type Behaviour } from '../reference/behaviours.js';

/** A canvas as plain data first, so shrinking works on the shape and labels are assigned afterwards. */
export type Shape =
  | { readonly k: 'task'; readonly b: Behaviour; readonly immutable: boolean; readonly retries: number; readonly cb: Callbacks; readonly opts?: TimingOptions }
  | { readonly k: 'chain'; readonly steps: readonly Shape[]; readonly cb: Callbacks }
  | { readonly k: 'group'; readonly members: readonly Shape[]; readonly cb: Callbacks }
  | { readonly k: 'chord'; readonly header: readonly Shape[]; readonly body: Shape; readonly cb: Callbacks };

export interface Callbacks {
  readonly link: boolean;
  readonly errback: boolean;
}

/**
 * The task options that change when and where a task runs, never its result: start delays (countdown, or an eta
 * up to an hour after the fake clock's start), priority, queue, a time limit the instant handlers never reach,
 * a backoff with jitter between retries, and a rate limit shared by every task of one name.
 */
export type TimingOptions = Pick<TaskOptions, 'countdown' | 'eta' | 'priority' | 'queue' | 'timeout' | 'backoff' | 'rateLimit'>;

const clockStart = Date.parse('2026-01-01T00:00:00Z');

const timingOptions: fc.Arbitrary<TimingOptions> = fc
  .record(
    {
      countdown: fc.integer({ min: 0, max: 5_000 }),
      eta: fc.integer({ min: 0, max: 3_600_000 }).map((ms) => new Date(clockStart + ms).toISOString()),
      priority: fc.integer({ min: 1, max: 10 }),
      queue: fc.constantFrom('default', 'q1', 'q2'),
      timeout: fc.integer({ min: 1, max: 60_000 }),
      backoff: fc.record({ type: fc.constantFrom('fixed' as const, 'exponential' as const), delay: fc.integer({ min: 0, max: 2_000 }), jitter: fc.double({ min: 0, max: 1, noNaN: true }) }),
      rateLimit: fc.constantFrom('5/s', '50/s', '100/m'),
    },
    { requiredKeys: [] },
  )
  // countdown and eta exclude each other.
  .map(({ eta, ...rest }) => (rest.countdown === undefined && eta !== undefined ? { ...rest, eta } : rest));

/** Most nodes have no callbacks; a quarter get a link, an errback or both. */
const callbacks: fc.Arbitrary<Callbacks> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ link: false, errback: false }) },
  { weight: 1, arbitrary: fc.record({ link: fc.boolean(), errback: fc.boolean() }) },
);

/**
 * Canvases of any nesting up to `maxDepth`, empty groups and chords included, with tasks that succeed, fail or
 * fail then succeed. With `timing`, a quarter of the tasks also get timing options (see `TimingOptions`): for
 * runs on the fake clock whose workers consume every queue, not for real workers on real time.
 */
export function shapeArbitrary(maxDepth = 5, options: { timing?: boolean } = {}): fc.Arbitrary<Shape> {
  const opts = options.timing ? fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: timingOptions }) : fc.constant({});
  const { node } = fc.letrec<{ node: Shape; task: Shape; chain: Shape; group: Shape; chord: Shape }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', maxDepth, withCrossShrink: true }, tie('task'), tie('chain'), tie('group'), tie('chord')),
    task: fc.record({
      k: fc.constant('task' as const),
      b: fc.constantFrom<Behaviour>(...behaviours, 'ok', 'ok', 'ok', 'ok'),
      immutable: fc.boolean(),
      retries: fc.constantFrom(0, 0, 1, 2),
      cb: callbacks,
      opts,
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
        const options = { ...(s.retries > 0 ? { retries: s.retries } : {}), ...s.opts };
        node = Object.keys(options).length > 0 ? sig.set(options) : sig;
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
