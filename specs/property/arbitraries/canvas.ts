import fc from 'fast-check';
import type { Canvas } from '../../../canvas/canvas.js';
import { Chain } from '../../../canvas/chain.js';
import { Chord } from '../../../canvas/chord.js';
import { Group } from '../../../canvas/group.js';
import type { Json } from '../../../canvas/json.js';
import type { CanvasNode, NodeExtras } from '../../../canvas/node.js';
import { validateOptions, type TaskOptions } from '../../../canvas/options.js';
import { Signature } from '../../../canvas/signature.js';

export interface CanvasArbitraryOptions {
  /** How many levels of nested nodes (callbacks count as a level). @default 3 */
  readonly maxDepth?: number;
  /** Task names to draw from, e.g. the tasks a test app registered. @default short arbitrary strings */
  readonly taskNames?: readonly string[];
}

// Dates the schema's RFC 3339 `date-time` can write: four-digit years only.
const date = fc.date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2100-01-01T00:00:00.000Z'), noInvalidDate: true });

/** Task options as a user passes them to `.set()`: every option sometimes, dates as Date or ISO string. */
export const taskOptionsArbitrary: fc.Arbitrary<TaskOptions> = fc
  .record(
    {
      retries: fc.nat({ max: 10 }),
      backoff: fc.record(
        { type: fc.constantFrom('fixed' as const, 'exponential' as const), delay: fc.nat({ max: 60_000 }), jitter: fc.double({ min: 0, max: 1, noNaN: true }) },
        { requiredKeys: ['type', 'delay'] },
      ),
      countdown: fc.nat({ max: 3_600_000 }),
      eta: fc.oneof(date, date.map((d) => d.toISOString())),
      expires: fc.oneof(fc.nat({ max: 86_400_000 }), date, date.map((d) => d.toISOString())),
      timeout: fc.integer({ min: 1, max: 600_000 }),
      priority: fc.integer({ min: 1, max: 2_097_151 }),
      queue: fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/),
      rateLimit: fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.constantFrom('s', 'm', 'h')).map(([n, unit]) => `${n}/${unit}`),
    },
    { requiredKeys: [] },
  )
  // countdown and eta exclude each other.
  .map(({ eta, ...rest }) => (rest.countdown === undefined && eta !== undefined ? { ...rest, eta } : rest));

/**
 * Canvases of every kind, nested up to `maxDepth`: empty groups and empty chord headers included, with
 * options, links and errbacks sometimes. Built with the canvas constructors, so every value is a valid canvas.
 * @example
 * fc.assert(fc.property(canvasArbitrary({ taskNames: ['add', 'mul'] }), (canvas) => { ... }));
 */
export function canvasArbitrary(opts: CanvasArbitraryOptions = {}): fc.Arbitrary<Canvas> {
  const maxDepth = opts.maxDepth ?? 3;
  const name = opts.taskNames ? fc.constantFrom(...opts.taskNames) : fc.string({ minLength: 1, maxLength: 8 });
  const depthIdentifier = fc.createDepthIdentifier();
  // Every recursive choice goes through a oneof sharing this depth: at maxDepth it takes its first option,
  // a task or no callbacks, so generation always ends.
  const { node } = fc.letrec<{ node: Canvas; task: Signature; chain: Chain; group: Group; chord: Chord; callbacks: readonly CanvasNode[] }>((tie) => {
    const child = tie('node');
    const extras: fc.Arbitrary<NodeExtras> = fc.record({
      options: fc.oneof({ arbitrary: fc.constant({}), weight: 2 }, { arbitrary: taskOptionsArbitrary, weight: 1 }).map((o) => validateOptions(o)),
      links: tie('callbacks'),
      errbacks: tie('callbacks'),
    });
    return {
      node: fc.oneof({ maxDepth, depthIdentifier, withCrossShrink: true }, tie('task'), tie('chain'), tie('group'), tie('chord')),
      callbacks: fc.oneof(
        { maxDepth, depthIdentifier },
        { arbitrary: fc.constant<readonly CanvasNode[]>([]), weight: 5 },
        { arbitrary: fc.array(child, { minLength: 1, maxLength: 2, depthIdentifier }), weight: 1 },
      ),
      task: fc
        .record({ name, args: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), immutable: fc.boolean(), extras })
        .map(({ name: task, args, immutable, extras: e }) => new Signature(task, args as Json[], immutable, e)),
      chain: fc
        .record({ steps: fc.array(child, { minLength: 1, maxLength: 3, depthIdentifier }), extras })
        .map(({ steps, extras: e }) => new Chain(steps, e)),
      group: fc
        .record({ members: fc.array(child, { maxLength: 3, depthIdentifier }), extras })
        .map(({ members, extras: e }) => new Group(members, e)),
      chord: fc
        .record({ header: fc.array(child, { maxLength: 3, depthIdentifier }), body: child, extras })
        .map(({ header, body, extras: e }) => new Chord(header, body, e)),
    };
  });
  return node;
}
