import fc from 'fast-check';
import type { Canvas } from '../canvas/canvas.js';
import { toJSON } from '../canvas/document/index.js';
import { invalid } from '../canvas/errors.js';
import { describe as describeValue, type Json } from '../canvas/json.js';
import type { App } from '../engine/app.js';
import { checkRun, expectedFrom, show, type ExpectedOutcome } from './checks.js';
import { faultKinds, type FaultKind, type FaultSchedule } from './fault-kinds.js';
import { faults as faultsArbitrary } from './faults.js';
import { inOrder, type Scheduler } from './interleaving.js';
import { defaultBroker, defaultStore, simulate, type Setup } from './simulate.js';
import { TestApp } from './test-app.js';
import type { WorkflowRun } from './workflow-run.js';

export interface CheckOptions<A = undefined> {
  /** How many generated schedules to run. @default 100 */
  readonly runs?: number;
  /** The seed of the generation; a failure prints it, so the same runs can be replayed. @default a fresh one each call */
  readonly seed?: number;
  /** With `seed`, replays one failing run directly: the `path` a failure prints. */
  readonly path?: string;
  /** The fault schedules to draw from. @default faults(): every kind, up to 8 per run */
  readonly faults?: fc.Arbitrary<FaultSchedule>;
  /** The inputs of a canvas given as a function: each run draws one and builds its canvas from it. */
  readonly args?: fc.Arbitrary<A>;
  /** How many jobs the worker runs at once, or an arbitrary of it. @default 1 to 4 */
  readonly concurrency?: number | fc.Arbitrary<number>;
  /** How each run must end. @default as the same canvas ends with no faults, in port-call order (a failure: of the same type) */
  readonly oracle?: (args: A, canvas: Canvas) => ExpectedOutcome;
  /** Your own check of a run, over what your handlers recorded: it fails the run by throwing or returning false. */
  readonly invariant?: (run: WorkflowRun, args: A) => unknown;
  /** Called before every run (the fault-free reference runs too): reset what your handlers record here. */
  readonly beforeRun?: () => unknown;
  /** Cases always run first, exactly as given: a counterexample found once, pinned. */
  readonly examples?: ReadonlyArray<{ readonly args?: A; readonly faults: FaultSchedule; readonly concurrency?: number }>;
  /** Scheduler steps after which a run counts as never ending. @default 50000 */
  readonly maxSteps?: number;
}

/** What `checkWorkflow` ran, when every run passed. */
export interface CheckReport {
  readonly runs: number;
  readonly seed: number;
  /**
   * By task: how many times its handler ran over all runs, and how many of those ran an attempt again (the
   * at-least-once re-executions faults caused: each one a repeat of the handler's effects).
   */
  readonly handlers: Readonly<Record<string, { readonly runs: number; readonly reruns: number }>>;
  /** How many faults of each kind were injected over all runs. */
  readonly faults: Readonly<Record<FaultKind, number>>;
  /** Nodes planned, over all runs. */
  readonly nodes: number;
  /** Deliveries workers received, duplicates included, over all runs. */
  readonly deliveries: number;
  /** Of the faults injected, how many landed in a redelivered delivery (see `faults({ redelivered })`). */
  readonly redelivered: number;
}

/**
 * Runs `canvas` under generated fault schedules and interleavings, and checks each run: it reaches a final
 * state; it ends as the fault-free run does (or as `oracle` says); each node's outcome is committed once and
 * each chord body, link and errback exactly once when due; and your `invariant`. Resolves with a report of
 * what ran; on the first failing run, fast-check shrinks it and this throws a plain Error whose message is the
 * shrunk case: the faults as they happened, what went wrong, and the seed and path to replay it.
 * @example
 * await checkWorkflow(app, (order) => chain(charge.s(order), ship.s()), {
 *   args: fc.constantFrom('o-1', 'o-2'), runs: 500, seed: 42,
 *   faults: faults({ crashBeforeCommit: true, duplicate: true }),
 *   beforeRun: () => payments.reset(),
 *   invariant: () => payments.charges().length === 1,
 * });
 */
export async function checkWorkflow<A = undefined>(app: App, canvas: Canvas | ((args: A) => Canvas), options: CheckOptions<A> = {}): Promise<CheckReport> {
  const resolved = resolveCheckOptions(canvas, options);
  const setup: Setup = app instanceof TestApp ? app.setup : { registry: app.registry, makeStore: defaultStore, makeBroker: defaultBroker, startAt: Date.parse('2026-01-01T00:00:00Z') };
  const build = typeof canvas === 'function' ? canvas : () => canvas;
  const report = newReport();
  const baselines = new Map<string, ExpectedOutcome | string>();
  let runNumber = 0;

  /** The expected outcome, from the oracle or the fault-free run; a string when the fault-free run itself went wrong. */
  const expectedFor = async (args: A, built: Canvas): Promise<ExpectedOutcome | string> => {
    if (options.oracle) return options.oracle(args, built);
    const key = JSON.stringify(args ?? null);
    let expected = baselines.get(key);
    if (expected === undefined) {
      await options.beforeRun?.();
      const run = await simulate(setup, built, { workflowId: `wf-${++runNumber}`, schedule: [], scheduler: inOrder(), concurrency: 1, maxSteps: resolved.maxSteps });
      expected = run.outcome ? expectedFrom(run.outcome) : 'the fault-free run never reached a final state';
      baselines.set(key, expected);
    }
    return expected;
  };

  const property = fc.asyncProperty(resolved.args, resolved.faults, fc.scheduler(), resolved.concurrency, async (args, schedule, scheduler, concurrency) => {
    const built = build(args);
    const expected = await expectedFor(args, built);
    await options.beforeRun?.();
    let run: WorkflowRun;
    try {
      run = await simulate(setup, built, { workflowId: `wf-${++runNumber}`, schedule, scheduler: scheduler as Scheduler, concurrency, maxSteps: resolved.maxSteps });
    } catch (error) {
      throw new Error(counterexample({ canvas: built, args, schedule, concurrency }, [`the run itself threw: ${messageOf(error)}`]));
    }
    record(report, run);
    const problems = typeof expected === 'string' ? [expected] : checkRun(run, expected);
    if (options.invariant) {
      try {
        if ((await options.invariant(run, args)) === false) problems.push('the invariant returned false');
      } catch (error) {
        problems.push(`the invariant failed: ${messageOf(error)}`);
      }
    }
    if (problems.length > 0) throw new Error(counterexample({ canvas: built, args, schedule, concurrency, run }, problems));
  });

  const details = await fc.check(property, {
    numRuns: resolved.runs,
    seed: resolved.seed,
    ...(options.path === undefined ? {} : { path: options.path }),
    examples: (options.examples ?? []).map((example) => [
      example.args as A,
      example.faults,
      fc.sample(fc.scheduler(), { seed: resolved.seed, numRuns: 1 })[0]!,
      example.concurrency ?? 1,
    ]),
  });
  if (details.failed) {
    const replay = `{ seed: ${details.seed}, path: ${JSON.stringify(details.counterexamplePath)} }`;
    const head = `checkWorkflow: a run failed after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s). Replay it with ${replay} in checkWorkflow's options, or all runs with { seed: ${details.seed} }.`;
    throw new Error(`${head}\n${messageOf(details.errorInstance)}`);
  }
  return { ...report, runs: resolved.runs, seed: resolved.seed };
}

interface ResolvedCheck<A> {
  readonly runs: number;
  readonly seed: number;
  readonly faults: fc.Arbitrary<FaultSchedule>;
  readonly args: fc.Arbitrary<A>;
  readonly concurrency: fc.Arbitrary<number>;
  readonly maxSteps: number;
}

function resolveCheckOptions<A>(canvas: unknown, options: CheckOptions<A>): ResolvedCheck<A> {
  const known = ['runs', 'seed', 'path', 'faults', 'args', 'concurrency', 'oracle', 'invariant', 'beforeRun', 'examples', 'maxSteps'];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) invalid(`/${key}`, `Unknown checkWorkflow option \`${key}\``, `known options: ${known.join(', ')}`);
  }
  const whole = (name: string, value: unknown, min: number): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      invalid(`/${name}`, `Expected \`${name}\` to be a whole number from ${min} up, got \`${String(value)}\` (${describeValue(value)})`);
    }
    return value;
  };
  const isArbitrary = (value: unknown): value is fc.Arbitrary<unknown> => typeof (value as fc.Arbitrary<unknown> | null)?.generate === 'function';
  if (typeof canvas === 'function' && options.args === undefined) {
    invalid('/args', 'A canvas given as a function needs `args`: an arbitrary of the value each run builds its canvas with', 'for example `args: fc.constantFrom("o-1", "o-2")`');
  }
  for (const name of ['faults', 'args'] as const) {
    if (options[name] !== undefined && !isArbitrary(options[name])) invalid(`/${name}`, `Expected \`${name}\` to be a fast-check arbitrary, got ${describeValue(options[name])}`);
  }
  for (const name of ['oracle', 'invariant', 'beforeRun'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') invalid(`/${name}`, `Expected \`${name}\` to be a function, got ${describeValue(options[name])}`);
  }
  const concurrency = options.concurrency ?? fc.integer({ min: 1, max: 4 });
  if (typeof concurrency === 'number') whole('concurrency', concurrency, 1);
  else if (!isArbitrary(concurrency)) invalid('/concurrency', `Expected \`concurrency\` to be a whole number from 1 up or a fast-check arbitrary, got ${describeValue(concurrency)}`);
  return {
    runs: whole('runs', options.runs ?? 100, 1),
    // A fresh seed each call, unless one is given: the failure message prints it for the replay.
    seed: whole('seed', options.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) >>> 0, 0),
    faults: options.faults ?? faultsArbitrary(),
    args: options.args ?? (fc.constant(undefined) as fc.Arbitrary<A>),
    concurrency: typeof concurrency === 'number' ? fc.constant(concurrency) : concurrency,
    maxSteps: whole('maxSteps', options.maxSteps ?? 50_000, 1),
  };
}

interface Totals {
  handlers: Record<string, { runs: number; reruns: number }>;
  faults: Record<FaultKind, number>;
  nodes: number;
  deliveries: number;
  redelivered: number;
}

function newReport(): Totals {
  return { handlers: {}, faults: Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>, nodes: 0, deliveries: 0, redelivered: 0 };
}

function record(report: Totals, run: WorkflowRun): void {
  report.nodes += Object.keys(run.plan.nodes).length;
  report.deliveries += run.deliveries;
  for (const kind of faultKinds) report.faults[kind] += run.injected[kind];
  report.redelivered += run.faults.filter((fault) => fault.redelivered).length;
  for (const [task, runs] of Object.entries(run.handlerRuns)) {
    const entry = (report.handlers[task] ??= { runs: 0, reruns: 0 });
    entry.runs += runs;
    entry.reruns += run.reruns[task] ?? 0;
  }
}

/** A failing run in words: what went wrong, the faults as they happened, and what ran. */
function counterexample(
  c: { canvas: Canvas; args: unknown; schedule: FaultSchedule; concurrency: number; run?: WorkflowRun },
  problems: readonly string[],
): string {
  const lines = ['What went wrong:', ...problems.map((p) => `  - ${p}`)];
  if (c.run) {
    lines.push(c.run.faults.length === 0 ? 'Faults: none happened' : 'Faults, in the order they happened:');
    c.run.faults.forEach((fault, i) => lines.push(`  ${i + 1}. ${fault.where}`));
    const ran = Object.entries(c.run.handlerRuns).filter(([, n]) => n > 0);
    if (ran.length > 0) {
      lines.push(`Handler runs: ${ran.map(([task, n]) => `${task} ${n}${c.run!.reruns[task] ? ` (${c.run!.reruns[task]} re-run${c.run!.reruns[task] === 1 ? '' : 's'} of one attempt)` : ''}`).join(', ')}`);
    }
    lines.push(`Outcome: ${show(c.run.outcome)}`);
  }
  if (c.args !== undefined) lines.push(`Args: ${safeJson(c.args)}`);
  lines.push(`Canvas: ${safeJson(toJSON(c.canvas) as unknown as Json)}`);
  lines.push(`Concurrency: ${c.concurrency}`);
  lines.push(`Fault schedule (as generated): ${JSON.stringify(c.schedule)}`);
  return lines.join('\n');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
