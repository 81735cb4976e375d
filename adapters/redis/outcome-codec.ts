import type { Outcome } from '../../engine/ports/outcome.js';
import { assertNever } from '../../engine/ports/outcome.js';

/**
 * Encodes an outcome with `status` first and, for a SUCCESS, `value` last. The Lua scripts rely on that
 * layout to read the status and cut the value out as is: decoding and re-encoding in Lua (cjson) would round
 * numbers to 14 digits and turn `[]` into `{}`.
 */
export function encodeOutcome(outcome: Outcome): string {
  const head = `{"status":"${outcome.status}"${outcome.cascaded === undefined ? '' : `,"cascaded":${outcome.cascaded}`}`;
  switch (outcome.status) {
    case 'SUCCESS':
      return `${head},"value":${JSON.stringify(outcome.value) ?? 'null'}}`;
    case 'FAILURE':
      return `${head},"failure":${JSON.stringify(outcome.failure)}}`;
    case 'REVOKED':
      return `${head},"reason":${JSON.stringify(outcome.reason)}}`;
    default:
      return assertNever(outcome);
  }
}

const statuses: ReadonlySet<unknown> = new Set(['SUCCESS', 'FAILURE', 'REVOKED']);

export function decodeOutcome(json: string): Outcome {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || !statuses.has((parsed as { status?: unknown }).status)) {
    throw new Error(`Expected a stored outcome with a status of SUCCESS, FAILURE or REVOKED, got ${json.slice(0, 200)}`);
  }
  return parsed as Outcome;
}
