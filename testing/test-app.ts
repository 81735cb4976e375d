import type { Canvas } from '../canvas/canvas.js';
import { invalid } from '../canvas/errors.js';
import { describe, type Json } from '../canvas/json.js';
import { App } from '../engine/app.js';
import { MemoryEventStream, MemoryResultStore, MemoryWorkerRegistry } from '../adapters/memory/index.js';
import type { Broker } from '../engine/ports/broker.js';
import { isQueueInspector } from '../engine/ports/queue-inspector.js';
import { silentLogger } from '../engine/ports/logger.js';
import type { RateLimiter } from '../engine/ports/rate-limiter.js';
import type { Scheduler as SchedulePort } from '../engine/ports/scheduler.js';
import type { Clock } from '../engine/ports/clock.js';
import type { ResultStore } from '../engine/ports/result-store.js';
import { FakeClock } from './fake-clock.js';
import type { FaultSchedule } from './fault-kinds.js';
import { inOrder, type Scheduler } from './interleaving.js';
import { defaultBroker, defaultStore, simulate, type Setup } from './simulate.js';
import type { WorkflowRun } from './workflow-run.js';

export interface TestAppOptions {
  /**
   * An app built elsewhere (the module that defines your app for production) whose tasks the test app runs:
   * each is registered here as it is, handler and options and contract. Only its tasks are used: none of its
   * connections (an app on Redis opens none until it is used), workers or schedules.
   * @default none: register tasks on the test app with `app.task(...)`
   */
  readonly tasksFrom?: App;
  /**
   * The result store each run uses, on the run's fake clock: for testing a store of your own, or a deliberately
   * broken one. @default a fresh in-memory store per run
   */
  readonly store?: (clock: Clock) => ResultStore;
  /**
   * The broker each run uses, on the run's fake clock: for testing a broker of your own, or a deliberately
   * broken one. @default a fresh in-memory broker per run
   */
  readonly broker?: (clock: Clock) => Broker;
  /** When the fake clock of every run starts. @default 2026-01-01T00:00:00Z */
  readonly startAt?: number | Date | string;
}

export interface RunOptions {
  /** Faults to inject, as `faults()` generates them. @default none */
  readonly faults?: FaultSchedule;
  /** How many jobs the worker runs at once. @default 1 */
  readonly concurrency?: number;
  /** The order of port calls, e.g. `fc.sample(fc.scheduler(), { seed, numRuns: 1 })[0]`. @default the order they are made in */
  readonly scheduler?: Scheduler;
  /** A value given to the canvas's entry tasks as their parent's result. */
  readonly input?: Json;
  /** The workflow's id, from which every idempotency key derives. @default 'wf-1' */
  readonly workflowId?: string;
}

/**
 * An app for tests: the memory driver on a fake clock (`app.clock`), tasks registered as on any app. Each
 * `run()` and each run of `checkWorkflow` gets fresh ports (a memory broker, the store, a fake clock) with
 * fault injection at the port boundary; the app's own ports serve `apply` and `worker` like any memory app's.
 */
export class TestApp extends App {
  readonly clock: FakeClock;
  readonly #setup: Setup;

  constructor(options: TestAppOptions = {}) {
    const { tasksFrom, store, broker: makeBroker, startAt } = resolveTestAppOptions(options);
    const clock = new FakeClock(startAt);
    const broker = makeBroker(clock);
    const ownStore = store(clock);
    let next = 0;
    const rateLimiter = typeof (ownStore as Partial<RateLimiter>).acquireRateSlot === 'function' ? (ownStore as ResultStore & RateLimiter) : new MemoryResultStore(clock);
    const events = new MemoryEventStream();
    const scheduler = typeof (broker as Partial<SchedulePort>).upsertSchedule === 'function' ? { scheduler: broker as Broker & SchedulePort } : {};
    super(
      { store: ownStore, broker, ...scheduler, rateLimiter, clock, ids: { workflowId: () => `test-${++next}`, random: () => 0.5 }, logger: silentLogger },
      {
        driver: 'memory',
        async close() {
          await broker.close();
          await events.close();
          await ownStore.close();
        },
      },
      { stream: events, registry: new MemoryWorkerRegistry(), ...(isQueueInspector(broker) ? { inspector: broker } : {}), localRegistry: true },
    );
    this.clock = clock;
    for (const name of tasksFrom?.registry.names() ?? []) this.registry.adopt(tasksFrom!.registry.get(name)!);
    this.#setup = { registry: this.registry, makeStore: store, makeBroker, startAt };
  }

  /** What every run shares: the tasks, the store to make, the start time. */
  get setup(): Setup {
    return this.#setup;
  }

  /**
   * Runs `canvas` once on fresh ports, with the faults given (none by default), until nothing is left to do,
   * and reports how it ended and what happened: see `WorkflowRun`. `checkRun(run)` says what is wrong with it.
   * @example
   * const run = await app.run(chain(charge.s('o-1'), ship.s()), { faults: [{ kind: 'crashBeforeCommit', at: 0 }] });
   * run.outcome;            // { status: 'SUCCESS', value: ... }
   * run.handlerRuns.charge; // 2: the crash came after the charge, before its result was stored
   */
  run(canvas: Canvas, options: RunOptions = {}): Promise<WorkflowRun> {
    return simulate(this.#setup, canvas, {
      workflowId: options.workflowId ?? 'wf-1',
      schedule: options.faults ?? [],
      scheduler: options.scheduler ?? inOrder(),
      concurrency: options.concurrency ?? 1,
      maxSteps: 50_000,
      ...(options.input === undefined ? {} : { input: options.input }),
    });
  }
}

/**
 * An app for testing workflows: the memory driver, a fake clock and fault injection at the port boundary.
 * Register tasks on it, or pass your app (`tasksFrom`) to reuse the module that defines it, without Redis.
 * @example
 * const app = createTestApp();
 * const charge = app.task('charge', async function (order: string) {
 *   return payments.charge(order, { idempotencyKey: this.idempotencyKey });
 * });
 * await checkWorkflow(app, chain(charge.s('o-1'), ship.s()), { runs: 200, seed: 42 });
 */
export function createTestApp(options: TestAppOptions = {}): TestApp {
  return new TestApp(options);
}

function resolveTestAppOptions(options: TestAppOptions): { tasksFrom: App | undefined; store: (clock: Clock) => ResultStore; broker: (clock: Clock) => Broker; startAt: number } {
  const known = Object.keys({ tasksFrom: 0, store: 0, broker: 0, startAt: 0 } satisfies Record<keyof TestAppOptions, 0>);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) invalid(`/${key}`, `Unknown createTestApp option \`${key}\``, `known options: ${known.join(', ')}`);
  }
  // Not instanceof: an app from another copy of the package is an app all the same.
  if (options.tasksFrom !== undefined && typeof (options.tasksFrom as Partial<App> | null)?.registry?.names !== 'function') {
    invalid('/tasksFrom', `Expected \`tasksFrom\` to be an app made by createApp(), got \`${String(options.tasksFrom)}\` (${describe(options.tasksFrom)})`);
  }
  if (options.store !== undefined && typeof options.store !== 'function') {
    invalid('/store', `Expected \`store\` to be a function of the clock returning a ResultStore, got ${describe(options.store)}`);
  }
  if (options.broker !== undefined && typeof options.broker !== 'function') {
    invalid('/broker', `Expected \`broker\` to be a function of the clock returning a Broker, got ${describe(options.broker)}`);
  }
  const startAt = options.startAt === undefined ? Date.parse('2026-01-01T00:00:00Z') : new Date(options.startAt).getTime();
  if (!Number.isFinite(startAt)) invalid('/startAt', `Expected \`startAt\` to be a date, epoch ms or ISO string, got \`${String(options.startAt)}\``);
  return { tasksFrom: options.tasksFrom, store: options.store ?? defaultStore, broker: options.broker ?? defaultBroker, startAt };
}
