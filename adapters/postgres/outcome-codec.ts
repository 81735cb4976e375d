import type { Outcome } from '../../engine/ports/outcome.js';

/** An outcome as the tables keep it: see the header of `migrations/001_initial.sql`. */
export interface EncodedOutcome {
  readonly status: Outcome['status'];
  /** The outcome's JSON, without the value of a SUCCESS. */
  readonly outcome: string;
  /** A SUCCESS's value as JSON, else null. */
  readonly value: string | null;
}

/**
 * Splits off a SUCCESS's value, so SQL can record it as a join part without parsing JSON. Both halves stay
 * JSON text: PostgreSQL's jsonb would refuse "\u0000" and lone surrogates, which a task may return.
 */
export function encodeOutcome(outcome: Outcome): EncodedOutcome {
  if (outcome.status !== 'SUCCESS') return { status: outcome.status, outcome: JSON.stringify(outcome), value: null };
  const { value, ...rest } = outcome;
  return { status: outcome.status, outcome: JSON.stringify(rest), value: JSON.stringify(value) ?? 'null' };
}

const statuses: ReadonlySet<unknown> = new Set(['SUCCESS', 'FAILURE', 'REVOKED']);

export function decodeOutcome(outcome: string, value: string | null): Outcome {
  const parsed: unknown = JSON.parse(outcome);
  if (typeof parsed !== 'object' || parsed === null || !statuses.has((parsed as { status?: unknown }).status)) {
    throw new Error(`Expected a stored outcome with a status of SUCCESS, FAILURE or REVOKED, got ${outcome.slice(0, 200)}`);
  }
  return (value === null ? parsed : { ...parsed, value: JSON.parse(value) as unknown }) as Outcome;
}
