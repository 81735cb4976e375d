import { invalid } from '../../canvas/errors.js';
import type { ScheduleSpec } from '../ports/scheduler.js';
import { nextFiring } from '../ports/next-firing.js';

/** Schedule ids become part of workflow ids and BullMQ scheduler ids: no `:`, nothing exotic. */
export function checkScheduleId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/.test(id)) {
    invalid('/id', `Expected a schedule id of letters, digits, \`_\`, \`.\` or \`-\`, got \`${String(id)}\``);
  }
}

/** `{ every: ms }` (a whole number from 1 up) or `{ cron, tz? }` that cron-parser reads. */
export function checkSpec(spec: unknown, now: number): asserts spec is ScheduleSpec {
  const s = spec as { every?: unknown; cron?: unknown; tz?: unknown } | null;
  if (typeof s !== 'object' || s === null || ('every' in s) === ('cron' in s)) {
    invalid('/when', 'A schedule needs exactly one of `every` (milliseconds) or `cron` (a pattern)', "e.g. { every: 60_000 } or { cron: '*/5 * * * *' }");
  }
  if ('every' in s && (!Number.isInteger(s.every) || (s.every as number) < 1)) {
    invalid('/when/every', `Expected \`every\` to be a whole number of milliseconds from 1 up, got \`${String(s.every)}\``);
  }
  if ('cron' in s) {
    if (typeof s.cron !== 'string') invalid('/when/cron', `Expected \`cron\` to be a pattern string, got \`${String(s.cron)}\``);
    if (s.tz !== undefined && typeof s.tz !== 'string') invalid('/when/tz', `Expected \`tz\` to be a time zone name such as 'Europe/Paris'`);
    try {
      nextFiring(s as ScheduleSpec, now);
    } catch (error) {
      invalid('/when/cron', `Cannot read the cron pattern '${s.cron}': ${(error as Error).message}`, "five fields (minute hour day month weekday), e.g. '0 3 * * *'");
    }
  }
}
