import { isDeepStrictEqual } from 'node:util';
import type { Json } from '../canvas/json.js';
import type { FailureData, Outcome } from '../engine/outcome.js';
import type { WorkflowRun } from './workflow-run.js';

/**
 * How a run should end: with this value, or failed (with a failure `accepts` takes, if given), or revoked.
 * Which member of a group fails first can depend on timing, so a failure is judged by a predicate.
 */
export type ExpectedOutcome =
  | { readonly status: 'SUCCESS'; readonly value: Json }
  | { readonly status: 'FAILURE'; readonly accepts?: (failure: FailureData) => boolean; readonly description?: string }
  | { readonly status: 'REVOKED' };

/** What a fault-free run's outcome lets every faulted run end with: the same value, or a failure of the same type. */
export function expectedFrom(outcome: Outcome): ExpectedOutcome {
  switch (outcome.status) {
    case 'SUCCESS':
      return { status: 'SUCCESS', value: outcome.value };
    case 'FAILURE': {
      const type = outcome.failure.type;
      return { status: 'FAILURE', accepts: (failure) => failure.type === type, description: `a ${type}, as the fault-free run ended` };
    }
    case 'REVOKED':
      return { status: 'REVOKED' };
  }
}

/**
 * Everything wrong with a run, in words (empty when nothing is): it reached a final state; it ended as
 * `expected` says (when given); each node's outcome was committed at most once; each chord body exactly once
 * if its chord succeeded; each link exactly once if its node succeeded and never otherwise; each errback
 * exactly once if its node failed itself (not by a cascade) and never otherwise.
 * @example
 * expect(checkRun(await app.run(canvas, { faults: [{ kind: 'crashAfterCommit', at: 0 }] }))).toEqual([]);
 */
export function checkRun(run: WorkflowRun, expected?: ExpectedOutcome): string[] {
  return [...outcomeProblems(run.outcome, expected), ...commitProblems(run)];
}

function outcomeProblems(outcome: Outcome | undefined, expected: ExpectedOutcome | undefined): string[] {
  if (!outcome) return ['the workflow never reached a final state'];
  if (!expected) return [];
  const got = show(outcome);
  switch (expected.status) {
    case 'SUCCESS':
      if (outcome.status !== 'SUCCESS') return [`expected SUCCESS ${JSON.stringify(expected.value)}, got ${got}`];
      return isDeepStrictEqual(outcome.value, expected.value) ? [] : [`expected SUCCESS ${JSON.stringify(expected.value)}, got ${got}`];
    case 'FAILURE':
      if (outcome.status !== 'FAILURE') return [`expected a failure${expected.description ? ` (${expected.description})` : ''}, got ${got}`];
      return !expected.accepts || expected.accepts(outcome.failure) ? [] : [`expected a failure ${expected.description ?? 'that the oracle accepts'}, got ${got}`];
    case 'REVOKED':
      return outcome.status === 'REVOKED' ? [] : [`expected REVOKED, got ${got}`];
  }
}

function commitProblems(run: WorkflowRun): string[] {
  const problems: string[] = [];
  const commits = (id: string) => run.commits.get(id) ?? 0;
  for (const [id, count] of run.commits) if (count > 1) problems.push(`${id} committed ${count} times`);
  for (const node of Object.values(run.plan.nodes)) {
    const outcome = run.nodes.get(node.id)?.outcome;
    if (node.kind === 'chord' && outcome?.status === 'SUCCESS' && commits(node.body) !== 1) {
      problems.push(`chord ${node.id} succeeded but its body was committed ${commits(node.body)} times`);
    }
    const succeeded = outcome?.status === 'SUCCESS';
    const failedItself = outcome?.status === 'FAILURE' && !outcome.cascaded;
    for (const link of node.links) {
      const want = succeeded ? 1 : 0;
      if (commits(link) !== want) problems.push(`link ${link} of ${node.id} (${outcome?.status ?? 'no outcome'}) committed ${commits(link)} times, want ${want}`);
    }
    for (const errback of node.errbacks) {
      const want = failedItself ? 1 : 0;
      if (commits(errback) !== want) problems.push(`errback ${errback} of ${node.id} (${outcome?.status ?? 'no outcome'}) committed ${commits(errback)} times, want ${want}`);
    }
  }
  return problems;
}

/** An outcome in one line. */
export function show(outcome: Outcome | undefined): string {
  if (!outcome) return 'no outcome';
  switch (outcome.status) {
    case 'SUCCESS':
      return `SUCCESS ${JSON.stringify(outcome.value)}`;
    case 'FAILURE':
      return `FAILURE ${outcome.failure.type}: ${outcome.failure.message}`;
    case 'REVOKED':
      return `REVOKED (${outcome.reason})`;
  }
}
