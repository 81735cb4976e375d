import type { Canvas } from '../../../canvas/canvas.js';
import type { Plan } from '../../../canvas/plan.js';
import { MemoryBroker, MemoryResultStore } from '../../../adapters/memory/index.js';
import { App } from '../../../engine/app.js';
import { silentLogger } from '../../../engine/ports/index.js';
import type { Outcome } from '../../../engine/ports/outcome.js';
import { FakeClock } from '../../../testing/fake-clock.js';
import type { FaultSchedule, SiteFamily } from '../../../testing/fault-kinds.js';
import { FaultInjector } from '../../../testing/fault-injector.js';
import { FaultyBroker } from '../../../testing/faulty-broker.js';
import { FaultyStore } from '../../../testing/faulty-store.js';
import { drive, type Scheduler } from '../../../testing/interleaving.js';
import { attemptModel, behaviours } from '../reference/behaviours.js';

const maxSteps = 50_000;

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
 * Runs a canvas on the fault-injecting ports of `testing/` (fake clock, the scheduler ordering every port call,
 * the fault schedule crashing and redelivering), then, if it ended FAILURE, heals every `fail` task (it now
 * behaves as `ok`), retries the workflow with `app.retry()` and drives it to its end under the same faults.
 */
export async function simulateRetry(canvas: Canvas, schedule: FaultSchedule, scheduler: Scheduler, concurrency = 3): Promise<RetryRunResult> {
  const clock = new FakeClock();
  const inner = new MemoryResultStore(clock);
  const label = (workflowId: string, nodeId: string) => `${nodeId} of ${workflowId}`;
  const faults = new FaultInjector();
  const store = new FaultyStore(inner, inner, faults, scheduler, label);
  const broker = new FaultyBroker(new MemoryBroker(clock), faults, scheduler, clock, label);
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
  await drive(scheduler, clock, () => workflowId !== undefined, maxSteps);
  const plan = (await inner.loadPlan(workflowId!))!;
  faults.arm(schedule, placesOf(plan));
  await drive(scheduler, clock, () => false, maxSteps);

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
    await drive(scheduler, clock, () => done || failed !== undefined, maxSteps);
    if (failed) throw failed;
    // The schedule's places not reached by the first run land in the retried one.
    faults.enabled = true;
    await drive(scheduler, clock, () => false, maxSteps);
    retried = (await inner.readWorkflow(workflowId!))?.outcome;
  }
  faults.enabled = false;
  await broker.close();
  return { plan, first, firstNodes, retried, rerun };
}

/** How many places of each family the plan foresees, as the simulation of `testing/` counts them. */
function placesOf(plan: Plan): Record<SiteFamily, number> {
  let attempts = 0;
  for (const node of Object.values(plan.nodes)) if (node.kind === 'task') attempts += 1 + node.options.retries;
  return { begin: attempts, commit: Object.keys(plan.nodes).length, once: attempts, advance: attempts, delivery: attempts };
}
