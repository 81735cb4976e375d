import type { Json } from '../../canvas/json.js';
import type { Plan } from '../../canvas/plan.js';
import { invalidOption } from '../../canvas/errors.js';
import { describe } from '../../canvas/json.js';
import { PayloadTooLarge } from '../errors/payload-too-large.js';
import { jsonByteLength } from './json-size.js';

/**
 * The first payload of a plan above `limit` bytes of JSON, as the error `apply` throws: a task's literal
 * arguments, or the workflow's input. Checked before anything is stored, so a 100 MB argument never reaches Redis.
 */
export function payloadProblem(plan: Plan, limit: number): PayloadTooLarge | undefined {
  if (plan.input !== undefined) {
    const bytes = jsonByteLength(plan.input);
    if (bytes > limit) return new PayloadTooLarge('(workflow input)', 'input', bytes, limit);
  }
  for (const node of Object.values(plan.nodes)) {
    if (node.kind !== 'task' || node.args.length === 0) continue;
    const bytes = jsonByteLength(node.args as Json[]);
    if (bytes > limit) return new PayloadTooLarge(node.task, 'arguments', bytes, limit);
  }
  return undefined;
}

/** `createApp({ maxPayloadBytes })`, checked: a whole number of bytes from 1 and up. @default 10 MiB */
export function resolveMaxPayloadBytes(value: unknown): number {
  if (value === undefined) return 10 * 1024 * 1024;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    invalidOption('createApp', 'maxPayloadBytes', `Expected \`maxPayloadBytes\` to be a whole number of bytes from 1 and up, got \`${String(value)}\` (${describe(value)})`);
  }
  return value;
}
