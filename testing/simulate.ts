import type { Canvas } from '../canvas/canvas.js';
import type { Json } from '../canvas/json.js';
import type { Plan } from '../canvas/plan.js';
import { MemoryBroker, MemoryEventStream, MemoryResultStore, MemoryWorkerRegistry } from '../adapters/memory/index.js';
import { App } from '../engine/app.js';
import { AsyncResult } from '../engine/async-result.js';
import type { Broker } from '../engine/ports/broker.js';
import { silentLogger } from '../engine/ports/logger.js';
import type { RateLimiter } from '../engine/ports/rate-limiter.js';
import type { Scheduler as SchedulePort } from '../engine/ports/scheduler.js';
import type { Clock } from '../engine/ports/clock.js';
import type { NodeRecord, ResultStore } from '../engine/ports/result-store.js';
import type { TaskRegistry } from '../engine/registry.js';
import { FakeClock } from './fake-clock.js';
import type { FaultSchedule, SiteFamily } from './fault-kinds.js';
import { FaultInjector } from './fault-injector.js';
import { FaultyBroker } from './faulty-broker.js';
import { FaultyStore } from './faulty-store.js';
import { drive, type Scheduler } from './interleaving.js';
import type { WorkflowRun } from './workflow-run.js';

/** What every run of one test app shares: its tasks, where results and messages go, and when the clock starts. */
export interface Setup {
  readonly registry: TaskRegistry;
  readonly makeStore: (clock: Clock) => ResultStore;
  readonly makeBroker: (clock: Clock) => Broker;
  readonly startAt: number;
}

export interface SimulationOptions {
  readonly workflowId: string;
  readonly schedule: FaultSchedule;
  readonly scheduler: Scheduler;
  readonly concurrency: number;
  readonly input?: Json;
  /** Scheduler steps after which a run counts as never ending. */
  readonly maxSteps: number;
  /** Called with the run's app before its worker starts: for the repository's own property tests of hooks. */
  readonly onApp?: (app: App) => void;
}

export const defaultStore = (clock: Clock): ResultStore => new MemoryResultStore(clock);
export const defaultBroker = (clock: Clock): Broker => new MemoryBroker(clock);

/**
 * Runs one canvas on fresh ports (the memory broker, the setup's store, a fake clock), the scheduler choosing
 * the order of every port call and the fault schedule crashing and redelivering, until nothing is left to do.
 */
export async function simulate(setup: Setup, canvas: Canvas, options: SimulationOptions): Promise<WorkflowRun> {
  const clock = new FakeClock(setup.startAt);
  const inner = setup.makeStore(clock);
  let plan: Plan | undefined;
  const label = (workflowId: string, nodeId: string) => {
    const node = workflowId === options.workflowId ? plan?.nodes[nodeId] : undefined;
    const where = workflowId === options.workflowId ? nodeId : `${nodeId} of ${workflowId}`;
    return node?.kind === 'task' ? `${where} (${node.task})` : node ? `${where} (${node.kind})` : where;
  };
  const faults = new FaultInjector();
  // The store's own rate limiter if it has one (the memory store does), else one in memory.
  const rates = isRateLimiter(inner) ? inner : new MemoryResultStore(clock);
  const store = new FaultyStore(inner, rates, faults, options.scheduler, label);
  const innerBroker = setup.makeBroker(clock);
  const broker = new FaultyBroker(innerBroker, faults, options.scheduler, clock, label);
  const events = new MemoryEventStream();
  const app = new App(
    {
      store,
      broker,
      ...(isScheduler(innerBroker) ? { scheduler: innerBroker } : {}),
      rateLimiter: store,
      clock,
      ids: { workflowId: () => options.workflowId, random: () => 0.5 },
      logger: silentLogger,
    },
    { driver: 'memory', close: async () => undefined },
    // As a memory app sees what runs: its own event stream and registry, the (faulty) broker's queues.
    { stream: events, registry: new MemoryWorkerRegistry(), inspector: broker, localRegistry: true },
  );
  const { handlerRuns, reruns, received } = adoptCounting(setup.registry, app.registry, options.workflowId);
  // The schedule's first revoke, issued as a producer would while the workers go on.
  let revoke: { terminate: boolean; done: Promise<unknown> } | undefined;
  store.onRevoke = (terminate) => {
    revoke ??= { terminate, done: app.revoke(options.workflowId, { terminate }).catch((error: unknown) => error) };
  };
  options.onApp?.(app);
  // One worker on every queue the canvas names, so a task sent to its own queue runs too.
  app.worker({ concurrency: options.concurrency, queues: queuesOf(app.plan(canvas, options.workflowId, clock.now())) });

  let applied = false;
  let applyError: unknown;
  void app.apply(canvas, options.input === undefined ? {} : { input: options.input }).then(
    () => (applied = true),
    (error: unknown) => (applyError = error),
  );
  await drive(options.scheduler, clock, () => applied || applyError !== undefined, options.maxSteps);
  if (applyError !== undefined) throw applyError;
  plan = (await inner.loadPlan(options.workflowId))!;
  // Faults land relative to what the plan foresees, so they are placed once the plan is stored.
  faults.arm(options.schedule, placesOf(plan));
  await drive(options.scheduler, clock, () => false, options.maxSteps);
  if (revoke) {
    // The revoke's own calls may still be under way when the workers have nothing left: let it finish.
    let settled = false;
    void revoke.done.then(() => (settled = true));
    await drive(options.scheduler, clock, () => settled, options.maxSteps);
    const failed = await revoke.done;
    if (failed instanceof Error) throw failed;
    await drive(options.scheduler, clock, () => false, options.maxSteps);
  }

  // Through the public nodes(), so the states checked are the ones a user would see.
  const nodes = new Map<string, NodeRecord>();
  for (const node of await new AsyncResult(options.workflowId, inner, clock).nodes()) {
    nodes.set(node.id, { state: node.state, attempt: node.attempt, ...(node.outcome ? { outcome: node.outcome } : {}) });
  }
  const outcome = (await inner.readWorkflow(options.workflowId))?.outcome;
  faults.enabled = false;
  await broker.close();
  await events.close();
  return {
    workflowId: options.workflowId,
    canvas,
    plan,
    outcome,
    nodes,
    commits: store.freshCommits,
    handlerRuns,
    reruns,
    received,
    deliveries: broker.deliveries,
    schedule: options.schedule,
    faults: faults.injected,
    injected: faults.counts(),
    concurrency: options.concurrency,
    ...(revoke ? { revoke: { terminate: revoke.terminate, found: store.revokeFound } } : {}),
    begunAfterRevoke: store.begunAfterRevoke,
  };
}

function isRateLimiter(store: ResultStore): store is ResultStore & RateLimiter {
  return typeof (store as Partial<RateLimiter>).acquireRateSlot === 'function';
}

function isScheduler(broker: Broker): broker is Broker & SchedulePort {
  return typeof (broker as Partial<SchedulePort>).upsertSchedule === 'function';
}

function queuesOf(plan: Plan): string[] {
  const queues = new Set(['default']);
  for (const node of Object.values(plan.nodes)) if (node.kind === 'task') queues.add(node.options.queue);
  return [...queues];
}

/**
 * How many places of each family the plan foresees: an attempt per retry of every task, a commit per node;
 * `ctx.once` calls are not in the plan, so one per attempt is assumed.
 */
function placesOf(plan: Plan): Record<SiteFamily, number> {
  let attempts = 0;
  for (const node of Object.values(plan.nodes)) if (node.kind === 'task') attempts += 1 + node.options.retries;
  return { begin: attempts, commit: Object.keys(plan.nodes).length, once: attempts, advance: attempts, delivery: attempts };
}

/**
 * Registers `from`'s tasks on `to`, each handler counting its runs per task and its re-runs of one attempt, and
 * noting the arguments each node of the run's workflow got (not a map task's inner calls: the map node's own).
 */
function adoptCounting(from: TaskRegistry, to: TaskRegistry, workflowId: string) {
  const handlerRuns: Record<string, number> = {};
  const reruns: Record<string, number> = {};
  const received = new Map<string, Json[][]>();
  const seen = new Set<string>();
  for (const name of from.names()) {
    const task = from.get(name)!;
    handlerRuns[name] = 0;
    reruns[name] = 0;
    to.adopt({
      ...task,
      handler: function (...args: never[]) {
        handlerRuns[name]!++;
        if (this.taskName === name && this.workflowId === workflowId) received.set(this.nodeId, [...(received.get(this.nodeId) ?? []), structuredClone(args) as Json[]]);
        const attempt = `${this.workflowId}/${this.nodeId}#${this.attempt}`;
        if (seen.has(attempt)) reruns[name]!++;
        seen.add(attempt);
        return task.handler.apply(this, args);
      },
    });
  }
  return { handlerRuns, reruns, received };
}
