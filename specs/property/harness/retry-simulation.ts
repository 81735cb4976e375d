import type { Canvas } from '../../../canvas/canvas.js';
import type { Plan } from '../../../canvas/plan.js';
import { MemoryBroker, MemoryResultStore } from '../../../adapters/memory/index.js';
import { App } from '../../../engine/app.js';
import { silentLogger } from '../../../engine/ports/index.js';
import type { Outcome } from '../../../engine/ports/outcome.js';
import { FakeClock } from '../../support/fake-clock.js';
import type { FaultKind } from '../arbitraries/workflow.js';
import { attemptModel, behaviours } from '../reference/behaviours.js';
import { FaultInjector } from './faults.js';
import { FaultyBroker } from './faulty-broker.js';
import { FaultyStore } from './faulty-store.js';
import { drive, type Scheduler } from './simulation.js';

export interface RetryRunResult {
  readonly plan: Plan;
  /** How the first run ended, and each node's outcome then. */
  readonly first: Outcome | undefined;
  readonly firstNodes: ReadonlyMap<string, Outcome | undefined>;
  /** How the retried run ended (undefined when the first did not fail, or the retry hung). */
  readonly retried: Outcome | undefined;
  /** Handler runs per node during the retried run. */
  readonly rerun: ReadonlyMap<string, number>;
}

/**
 * Runs a canvas as `simulate` does (fake clock, the scheduler ordering every port call, the fault schedule
 * crashing and redelivering), then, if it ended FAILURE, heals every `fail` task (it now behaves as `ok`),
 * retries the workflow with `app.retry()` and drives it to its end under the same faults.
 */
export async function simulateRetry(canvas: Canvas, schedule: ReadonlyArray<FaultKind | 'none'>, scheduler: Scheduler, concurrency = 3): Promise<RetryRunResult> {
  const clock = new FakeClock();
  const faults = new FaultInjector(schedule);
  const inner = new MemoryResultStore(clock);
  const store = new FaultyStore(inner, faults, scheduler);
  const broker = new FaultyBroker(new MemoryBroker(clock), faults, scheduler, clock);
  let ids = 0;
  const app = new App(
    { store, broker, rateLimiter: store, clock, ids: { workflowId: () => `wf-${++ids}`, random: () => 0.5 }, logger: silentLogger },
    { driver: 'memory', close: async () => undefined },
  );
  let healed = false;
  const rerun = new Map<string, number>();
  for (const behaviour of behaviours) {
    app.task(behaviour, function (...args: never[]) {
      if (healed) rerun.set(this.nodeId, (rerun.get(this.nodeId) ?? 0) + 1);
      const model = attemptModel(healed && behaviour === 'fail' ? 'ok' : behaviour, args, this.attempt);
      if (model.ok) return model.value;
      throw new Error(model.message);
    });
  }
  app.worker({ concurrency });

  let workflowId: string | undefined;
  void app.apply(canvas).then((res) => (workflowId = res.id));
  await drive(scheduler, clock, () => workflowId !== undefined);
  faults.enabled = true;
  await drive(scheduler, clock, () => false);

  const plan = (await inner.loadPlan(workflowId!))!;
  const first = (await inner.readWorkflow(workflowId!))?.outcome;
  const firstNodes = new Map<string, Outcome | undefined>();
  for (const id of Object.keys(plan.nodes)) firstNodes.set(id, (await inner.readNode(workflowId!, id)).outcome);
  let retried: Outcome | undefined;
  if (first?.status === 'FAILURE') {
    healed = true;
    let done = false;
    let failed: unknown;
    // The retry is a producer's call, not a worker's: it goes through the store without injected crashes.
    faults.enabled = false;
    void app.retry(workflowId!).then(() => (done = true), (error: unknown) => (failed = error));
    await drive(scheduler, clock, () => done || failed !== undefined);
    if (failed) throw failed;
    faults.enabled = true;
    await drive(scheduler, clock, () => false);
    retried = (await inner.readWorkflow(workflowId!))?.outcome;
  }
  await broker.close();
  return { plan, first, firstNodes, retried, rerun };
}
