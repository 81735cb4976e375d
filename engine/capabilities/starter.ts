import type { Canvas } from '../../canvas/canvas.js';
import { invalid, WorkflowValidationError, type ValidationProblem } from '../../canvas/errors.js';
import { findNonJson, type Json } from '../../canvas/json.js';
import { isCanvasNode } from '../../canvas/node.js';
import type { StoredOptions } from '../../canvas/options.js';
import type { Plan } from '../../canvas/plan.js';
import { claimIds } from '../apply/claim-ids.js';
import type { WorkerDefaults } from '../apply/worker-defaults.js';
import { checkWorkflowIds, fingerprint } from '../apply/workflow-ids.js';
import { AsyncResult, type WorkflowControl } from '../async-result.js';
import type { CanvasCheckOptions } from '../contracts/canvas-problems.js';
import { step } from '../machine/workflow-machine.js';
import type { Ports } from '../ports/index.js';
import type { RuntimeEvents } from '../observe/runtime-events.js';
import type { Tracing } from '../observe/tracing.js';
import type { WorkflowDriver } from '../runtime/driver.js';
import { outgoing } from '../runtime/outgoing.js';
import { payloadProblem } from '../runtime/payload-size.js';
import { replacementId } from './control/revoke.js';

export interface ApplyOptions {
  /** A value given to the canvas's entry tasks as their parent's result (as if a step had returned it). */
  readonly input?: Json;
  /**
   * The workflow id, chosen by the caller (an order number, a request id) instead of a random UUID. Applying
   * the same canvas and input under it again returns a handle on the one run (never a second one); another
   * canvas or input under it rejects with WorkflowIdConflictError. Letters, digits, `_`, `-`, `.` and `~`.
   */
  readonly id?: string;
}

export interface ApplyManyOptions {
  /** As in `apply`, given to every canvas. */
  readonly input?: Json;
  /** One workflow id per canvas, as `apply`'s `id`. */
  readonly ids?: readonly string[];
}

/** What the starter needs from its app: how to plan a canvas and how to check one, and what steers its runs. */
export interface StarterHost extends WorkflowControl {
  plan(canvas: Canvas, workflowId: string, now: number, taskDefaults?: (task: string) => StoredOptions | undefined): Plan;
  validateCanvas(canvas: Canvas, options: CanvasCheckOptions): ValidationProblem[];
}

/**
 * Starts workflows: `apply` and `applyMany` (checked, stored, first tasks sent in one batch), and workflows
 * started once under an id derived from what asked for them (a replaced task, a schedule's firing).
 */
export class WorkflowStarter {
  constructor(
    private readonly ports: Ports,
    private readonly limits: { readonly maxPayloadBytes?: number },
    private readonly driver: WorkflowDriver,
    private readonly host: StarterHost,
    /** The task defaults workers published, for tasks this process never registered. */
    private readonly defaults: WorkerDefaults,
    /** Where `workflow-started` and the first `task-sent` go. */
    private readonly events?: RuntimeEvents,
    /** Records each workflow's spans while it is applied, and puts their ids in its plan. */
    private readonly tracing?: Tracing,
  ) {}

  async applyMany<T>(canvases: readonly Canvas[], options: ApplyManyOptions = {}): Promise<AsyncResult<T>[]> {
    if (!Array.isArray(canvases)) invalid('/', 'app.applyMany() expects an array of canvases');
    const chosenIds = checkWorkflowIds(options.ids, canvases.length);
    if (options.input !== undefined) {
      const bad = findNonJson(options.input);
      if (bad) invalid(`/input${bad.path}`, `The workflow input is not a JSON value: found ${bad.found}`);
    }
    const many = canvases.length > 1;
    const problems = canvases.flatMap((canvas, i) => {
      if (!isCanvasNode(canvas)) {
        return [{ path: many ? `/${i}` : '/', message: 'app.apply() expects a signature, chain, group or chord', hint: 'build one with task.s(...), chain(...), group(...) or chord(...)' }];
      }
      const found = this.host.validateCanvas(canvas as Canvas, { checkNames: false, input: options.input !== undefined });
      return many ? found.map((problem) => ({ ...problem, path: `/${i}${problem.path === '/' ? '' : problem.path}` })) : found;
    });
    if (problems.length > 0) throw new WorkflowValidationError(problems);
    const { clock, ids } = this.ports;
    const taskDefaults = await this.defaults.for(canvases);
    const traced = canvases.map((canvas, i) => {
      const planned = this.host.plan(canvas, chosenIds?.[i] ?? ids.workflowId(), clock.now(), taskDefaults);
      return this.traced({
        ...planned,
        ...(options.input === undefined ? {} : { input: options.input }),
        ...(chosenIds ? { fingerprint: fingerprint(canvas, options.input) } : {}),
      });
    });
    try {
      return await this.storeAndStart(traced.map(({ plan }) => plan), chosenIds !== undefined);
    } finally {
      for (const { end } of traced) end();
    }
  }

  /** Stores the checked plans and starts them (claiming their ids first when the caller chose them). */
  private async storeAndStart<T>(plans: readonly Plan[], chosen: boolean): Promise<AsyncResult<T>[]> {
    const { store, clock } = this.ports;
    const limit = this.limits.maxPayloadBytes;
    const tooLarge = limit === undefined ? undefined : plans.map((plan) => payloadProblem(plan, limit)).find(Boolean);
    if (tooLarge) throw tooLarge;
    if (chosen) {
      const { toStart, lost } = await claimIds(store, plans);
      await this.start(toStart);
      if (lost) throw lost;
    } else {
      await Promise.all(plans.map((plan) => store.createWorkflow(plan)));
      await this.start(plans);
    }
    return plans.map((plan) => new AsyncResult<T>(plan.workflowId, store, clock, this.host, true));
  }

  /** Throws one WorkflowValidationError unless `canvas` is a canvas whose literal arguments fit their tasks' contracts. */
  assertRunnable(canvas: Canvas, caller: string): void {
    if (!isCanvasNode(canvas)) invalid('/', `${caller} expects a signature, chain, group or chord`);
    const problems = this.host.validateCanvas(canvas, { checkNames: false });
    if (problems.length > 0) throw new WorkflowValidationError(problems);
  }

  /**
   * Starts the workflow that replaces task `nodeId` of `parent` (`ctx.replace`). Its id is derived from the
   * task's, and a plan already stored under it wins, so a redelivered task that replaces itself again (even
   * with another canvas) starts nothing new: every effect of START is idempotent.
   */
  async replaceTask(parent: Plan, nodeId: string, canvas: Canvas): Promise<string> {
    this.assertRunnable(canvas, 'ctx.replace()');
    const id = replacementId(parent.workflowId, nodeId);
    await this.startOnce(canvas, id, { continuation: { workflowId: parent.workflowId, nodeId } });
    return id;
  }

  /**
   * Starts `canvas` under a workflow id derived from what asked for it (a replaced task, a schedule's firing).
   * The plan stored first under that id wins and START is idempotent, so asking twice starts it once.
   */
  async startOnce(canvas: Canvas, workflowId: string, extra: Partial<Pick<Plan, 'continuation'>> = {}): Promise<void> {
    const { store, clock } = this.ports;
    const { plan, end } = this.traced({ ...this.host.plan(canvas, workflowId, clock.now()), ...extra });
    try {
      await store.createWorkflow(plan);
      const stored = await store.loadPlan(workflowId);
      if (stored) await this.start([stored]);
    } finally {
      end();
    }
  }

  private traced(plan: Plan): { plan: Plan; end: () => void } {
    return this.tracing ? this.tracing.planned(plan) : { plan, end: () => undefined };
  }

  /** Runs the START step of stored plans; every first task goes to the broker in one batch. */
  private async start(plans: readonly Plan[]): Promise<void> {
    const { broker, clock } = this.ports;
    // Plans are not cached here: a producer only sends them, and a worker loads what it runs.
    const started = plans.map((plan) => ({
      plan,
      effects: step(plan, { type: 'START', input: plan.input === undefined ? undefined : { value: plan.input }, now: clock.now() }).effects,
    }));
    // The rare other effects (an empty group's commit) follow, per workflow.
    const now = clock.now();
    const jobs = started.flatMap(({ plan, effects }) => effects.flatMap((effect) => (effect.type === 'enqueue' ? outgoing(plan, effect.jobs, now, this.tracing) : [])));
    if (jobs.length > 0) await broker.enqueue(jobs);
    for (const { plan, effects } of started) {
      this.events?.workflowStarted(plan);
      for (const effect of effects) if (effect.type === 'enqueue') this.events?.sent(plan, effect.jobs);
    }
    for (const { plan, effects } of started) {
      for (const effect of effects) if (effect.type !== 'enqueue') await this.driver.perform(plan, effect);
    }
  }
}
