import type { Canvas } from '../../canvas/canvas.js';
import { fromJSON, toJSON } from '../../canvas/document/index.js';
import { CeleriacError } from '../../canvas/errors.js';
import type { Json } from '../../canvas/json.js';
import type { Ports, ScheduleSpec, Scheduler, TriggerMessage } from '../ports/index.js';
import { checkScheduleId, checkSpec } from '../schedules/check-schedule.js';
import type { WorkflowStarter } from './starter.js';

/** Periodic canvases: `app.schedule` / `app.unschedule` through the Scheduler port, and each firing started once. */
export class Schedules {
  constructor(
    private readonly ports: Ports,
    private readonly starter: WorkflowStarter,
    /** Named in the error when the broker has no scheduler. */
    private readonly driver: string,
  ) {}

  async schedule(id: string, when: ScheduleSpec, canvas: Canvas, options: { queue?: string } = {}): Promise<void> {
    checkScheduleId(id);
    checkSpec(when, this.ports.clock.now());
    this.starter.assertRunnable(canvas, 'app.schedule()');
    await this.scheduler().upsertSchedule(id, when, options.queue ?? 'default', toJSON(canvas) as unknown as Json);
  }

  async unschedule(id: string, options: { queue?: string } = {}): Promise<boolean> {
    checkScheduleId(id);
    return this.scheduler().removeSchedule(id, options.queue ?? 'default');
  }

  /** One firing of a schedule: its workflow, named after the schedule and the firing time, started once. */
  async fire(trigger: TriggerMessage): Promise<void> {
    let canvas: Canvas;
    try {
      canvas = fromJSON(trigger.document);
    } catch (error) {
      this.ports.logger.warn(`Schedule ${trigger.schedule} carries a workflow that no longer reads: ${(error as Error).message}`);
      return;
    }
    await this.starter.startOnce(canvas, `${trigger.schedule}.${trigger.firedAt}`);
  }

  private scheduler(): Scheduler {
    const { scheduler } = this.ports;
    if (!scheduler) throw new CeleriacError('VALIDATION', `Schedules need a broker with a scheduler; this app's broker (driver ${this.driver}) has none`);
    return scheduler;
  }
}
