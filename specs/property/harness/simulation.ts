import type { Canvas } from '../../../canvas/canvas.js';
import type { Plan } from '../../../canvas/plan.js';
import { MemoryBroker, MemoryResultStore } from '../../../adapters/memory/index.js';
import { App } from '../../../engine/app.js';
import type { NodeRecord, RateLimiter, ResultStore } from '../../../engine/ports/index.js';
import { silentLogger } from '../../../engine/ports/index.js';
import type { Outcome } from '../../../engine/ports/outcome.js';
import type { Clock } from '../../../engine/ports/clock.js';
import { FakeClock, settle } from '../../support/fake-clock.js';
import type { FaultKind } from '../arbitraries/workflow.js';
import { attemptModel, behaviours } from '../reference/behaviours.js';
import { FaultInjector } from './faults.js';
import { FaultyBroker } from './faulty-broker.js';
import { FaultyStore } from './faulty-store.js';

export interface Scheduler {
  schedule<T>(task: Promise<T>, label?: string): Promise<T>;
  count(): number;
  waitOne(): Promise<void>;
}

export interface SimulationResult {
  readonly plan: Plan;
  /** The workflow's outcome, or undefined if it never ended (a hang). */
  readonly outcome: Outcome | undefined;
  readonly nodes: ReadonlyMap<string, NodeRecord>;
  readonly freshCommits: ReadonlyMap<string, number>;
  readonly handlerRuns: number;
  readonly deliveries: number;
  readonly injected: Readonly<Record<FaultKind, number>>;
}

export interface SimulationOptions {
  readonly makeStore?: (clock: Clock) => ResultStore & RateLimiter;
  readonly concurrency?: number;
  /** Steps after which the run counts as hung. */
  readonly maxSteps?: number;
}

/**
 * Runs one canvas on the memory driver with a fake clock, the scheduler choosing the order of every port
 * call, and the fault schedule crashing and redelivering, until nothing is left to do.
 */
export async function simulate(canvas: Canvas, schedule: ReadonlyArray<FaultKind | 'none'>, scheduler: Scheduler, options: SimulationOptions = {}): Promise<SimulationResult> {
  const clock = new FakeClock();
  const faults = new FaultInjector(schedule);
  const inner = options.makeStore?.(clock) ?? new MemoryResultStore(clock);
  const store = new FaultyStore(inner, faults, scheduler);
  const broker = new FaultyBroker(new MemoryBroker(clock), faults, scheduler, clock);
  let ids = 0;
  const app = new App(
    { store, broker, rateLimiter: store, clock, ids: { workflowId: () => `wf-${++ids}`, random: () => 0.5 }, logger: silentLogger },
    { driver: 'memory', close: async () => undefined },
  );
  let handlerRuns = 0;
  for (const behaviour of behaviours) {
    app.task(behaviour, function (...args: never[]) {
      handlerRuns++;
      const model = attemptModel(behaviour, args, this.attempt);
      if (model.ok) return model.value;
      throw new Error(model.message);
    });
  }
  app.worker({ concurrency: options.concurrency ?? 3 });

  let workflowId: string | undefined;
  let applyError: unknown;
  void app.apply(canvas).then((res) => (workflowId = res.id), (error: unknown) => (applyError = error));
  await drive(scheduler, clock, () => workflowId !== undefined || applyError !== undefined, options.maxSteps);
  if (applyError) throw applyError;
  faults.enabled = true;
  await drive(scheduler, clock, () => false, options.maxSteps);

  const plan = (await inner.loadPlan(workflowId!))!;
  const nodes = new Map<string, NodeRecord>();
  for (const id of Object.keys(plan.nodes)) nodes.set(id, await inner.readNode(workflowId!, id));
  const outcome = (await inner.readWorkflow(workflowId!))?.outcome;
  await broker.close();
  return { plan, outcome, nodes, freshCommits: store.freshCommits, handlerRuns, deliveries: broker.deliveries, injected: { ...faults.injected } };
}

/** Runs scheduled port calls one at a time, and moves the fake clock when only timers are left, until quiet. */
export async function drive(scheduler: Scheduler, clock: FakeClock, done: () => boolean, maxSteps = 50_000): Promise<void> {
  for (let steps = 0; steps < maxSteps; steps++) {
    await settle(2);
    if (done()) return;
    if (scheduler.count() > 0) {
      await scheduler.waitOne();
      continue;
    }
    if (await clock.advanceToNext()) continue;
    await settle(5);
    if (scheduler.count() === 0 && clock.pending() === 0) return;
  }
}
