import fc from 'fast-check';
import { chain, chord, group, signature, type Canvas, type TaskOptions } from '../../../index.js';
import { behaviours, type Behaviour } from '../reference/behaviours.js';
import { horizonMs } from '../reference/interpret.js';

/** A canvas as plain data first, so shrinking works on the shape and labels are assigned afterwards. */
export type Shape =
  | { readonly k: 'task'; readonly b: Behaviour; readonly immutable: boolean; readonly retries: number; readonly cb: Callbacks; readonly opts?: TimingOptions; readonly expires?: Expiry }
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

/**
 * A task's `expires`, placed where its effect is certain whatever the faults and interleaving: `lapsed`, `by`
 * ms before the soonest the task can be delivered (so it ends REVOKED without running, also when what comes
 * before it took that long: an expiry mid-run), or `later`, `by` ms after the longest a generated run can last
 * (so it never matters). Written as ms after the apply, a Date or an ISO string.
 */
export interface Expiry {
  readonly when: 'lapsed' | 'later';
  readonly form: 'ms' | 'date' | 'iso';
  readonly by: number;
}

const clockStart = Date.parse('2026-01-01T00:00:00Z');

/** One task in eight has an expiry; half of those lapse before the task can start, half never lapse. */
const expiry: fc.Arbitrary<Expiry | undefined> = fc.oneof(
  { weight: 7, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.record({ when: fc.constantFrom('lapsed' as const, 'later' as const), form: fc.constantFrom('ms' as const, 'date' as const, 'iso' as const), by: fc.integer({ min: 0, max: 3_000 }) }) },
);

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
      expires: options.timing ? expiry : fc.constant(undefined),
    }),
    chain: fc.record({ k: fc.constant('chain' as const), steps: fc.array(tie('node'), { minLength: 1, maxLength: 4 }), cb: callbacks }),
    group: fc.record({ k: fc.constant('group' as const), members: fc.array(tie('node'), { maxLength: 4 }), cb: callbacks }),
    chord: fc.record({ k: fc.constant('chord' as const), header: fc.array(tie('node'), { maxLength: 4 }), body: tie('task'), cb: callbacks }),
  }));
  return node;
}

/**
 * Builds the canvas, giving every task (callbacks included) a unique label as its last argument, and each task's
 * `expires` its place in time: it walks the shape with the soonest each node can start (handlers take no time; a
 * countdown counts from when its task is started, an eta is a date), as the reference interpreter does.
 */
export function buildCanvas(shape: Shape): Canvas {
  let next = 0;
  /** Builds `s`, started at the soonest at `t`; returns it and the soonest it can have succeeded. */
  const build = (s: Shape, t: number): { node: Canvas; end: number } => {
    let node: Canvas;
    let end: number;
    switch (s.k) {
      case 'task': {
        const sig = signature(s.b, [next++], { immutable: s.immutable });
        let timing: TimingOptions = s.opts ?? {};
        const soonestOf = (o: TimingOptions) => Math.max(t + (o.countdown ?? 0), o.eta === undefined ? t : Date.parse(o.eta as string));
        let soonest = soonestOf(timing);
        let expires: { expires?: number | Date | string } = {};
        if (s.expires) {
          const { when, form, by } = s.expires;
          // Expiring as ms after the apply, at the very start: only a countdown of its own leaves room to lapse.
          if (when === 'lapsed' && form === 'ms' && soonest <= clockStart) {
            const { eta: _, ...rest } = timing;
            timing = { ...rest, countdown: by + 1 };
            soonest = soonestOf(timing);
          }
          const at = when === 'later' ? clockStart + horizonMs + 1 + by : form === 'ms' ? Math.max(clockStart, soonest - 1 - by) : soonest - 1 - by;
          expires = { expires: form === 'ms' ? at - clockStart : form === 'date' ? new Date(at) : new Date(at).toISOString() };
        }
        const options = { ...(s.retries > 0 ? { retries: s.retries } : {}), ...timing, ...expires };
        node = Object.keys(options).length > 0 ? sig.set(options) : sig;
        end = soonest;
        break;
      }
      case 'chain': {
        const steps: Canvas[] = [];
        end = t;
        for (const step of s.steps) {
          const built = build(step, end);
          steps.push(built.node);
          end = built.end;
        }
        node = chain(...steps);
        break;
      }
      case 'group': {
        const members = s.members.map((m) => build(m, t));
        node = group(members.map((m) => m.node));
        end = Math.max(t, ...members.map((m) => m.end));
        break;
      }
      case 'chord': {
        const header = s.header.map((m) => build(m, t));
        const body = build(s.body, Math.max(t, ...header.map((m) => m.end)));
        node = chord(header.map((m) => m.node), body.node);
        end = body.end;
        break;
      }
    }
    if (s.cb.link) node = node.link(signature('ok', [next++]));
    if (s.cb.errback) node = node.linkError(signature('ok', [next++]));
    return { node, end };
  };
  return build(shape, clockStart).node;
}
