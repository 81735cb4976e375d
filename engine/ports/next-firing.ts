import { CronExpressionParser } from 'cron-parser';
import type { ScheduleSpec } from './scheduler.js';

/** Epoch ms of the first firing of `spec` after `after`. Throws cron-parser's error for a bad pattern. */
export function nextFiring(spec: ScheduleSpec, after: number): number {
  if ('every' in spec) return after + spec.every;
  const expression = CronExpressionParser.parse(spec.cron, { currentDate: new Date(after), ...(spec.tz ? { tz: spec.tz } : {}) });
  return expression.next().getTime();
}
