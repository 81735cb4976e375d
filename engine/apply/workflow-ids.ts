import { createHash } from 'node:crypto';
import type { Canvas } from '../../canvas/canvas.js';
import { invalid } from '../../canvas/errors.js';
import { toJSON } from '../../canvas/document/index.js';
import type { Json } from '../../canvas/json.js';

/**
 * Workflow ids a caller may choose: they become part of BullMQ job ids (no `:`) and a Redis hash tag (no
 * braces), so letters, digits, `_`, `-`, `.` and `~`, at most 200 of them.
 */
const idPattern = /^[A-Za-z0-9_.~-]{1,200}$/;

/** Checks the ids given to `applyMany` (one per canvas) and returns them; undefined when none were given. */
export function checkWorkflowIds(ids: unknown, count: number): readonly string[] | undefined {
  if (ids === undefined) return undefined;
  if (!Array.isArray(ids) || ids.length !== count) {
    invalid('/ids', `Expected \`ids\` to be a list of ${count} workflow id${count === 1 ? '' : 's'}, one per canvas, got ${Array.isArray(ids) ? `${ids.length}` : typeof ids}`);
  }
  ids.forEach((id: unknown, i) => checkWorkflowId(id, count === 1 ? '/id' : `/ids/${i}`));
  return ids as string[];
}

export function checkWorkflowId(id: unknown, path = '/id'): asserts id is string {
  if (typeof id !== 'string' || !idPattern.test(id)) {
    invalid(path, `Expected a workflow id of 1 to 200 letters, digits, \`_\`, \`-\`, \`.\` or \`~\`, got \`${String(id)}\` (${typeof id})`, 'an order number or a UUID works');
  }
}

/**
 * A digest of what a workflow runs: its canvas in canonical document form and its input. Two applies under
 * one id are "the same" when their fingerprints are equal, whatever process built the canvas.
 */
export function fingerprint(canvas: Canvas, input: Json | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([toJSON(canvas), input === undefined ? null : input]))
    .digest('base64url');
}
