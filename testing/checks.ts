import { isDeepStrictEqual } from 'node:util';
import type { Json } from '../canvas/json.js';
import type { PlannedNode } from '../canvas/plan.js';
import type { FailureData, Outcome } from '../engine/ports/outcome.js';
import type { WorkflowRun } from './workflow-run.js';

/**
 * How a run should end: with this value, or failed (with a failure `accepts` takes, if given), or revoked (for
 * `reason`, if given), or as any one of several. Which member of a group fails first can depend on timing, so a
 * failure is judged by a predicate, and a group whose members fail and expire may end either way.
 */
export type ExpectedOutcome =
  | { readonly status: 'SUCCESS'; readonly value: Json }
  | { readonly status: 'FAILURE'; readonly accepts?: (failure: FailureData) => boolean; readonly description?: string }
  | { readonly status: 'REVOKED'; readonly reason?: string }
  | { readonly status: 'ONE_OF'; readonly outcomes: readonly ExpectedOutcome[] };

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
 * `expected` says (when given), or, when the schedule's revoke found it running, REVOKED, and as the revoke
 * left it; no attempt began after the revoke; each node's outcome was committed at most once; each chord body exactly once
 * if its chord succeeded; each link exactly once if its node succeeded and never otherwise; each errback
 * exactly once if its node failed itself (not by a cascade) and never otherwise; every node that was due to
 * run ended in a final state that `nodes()` reports; and every chain step, chord body, link and errback task
 * received what it should: the previous step's value, the header's values in header order, the node's
 * value, the node's failure.
 * @example
 * expect(checkRun(await app.run(canvas, { faults: [{ kind: 'crashAfterCommit', at: 0 }] }))).toEqual([]);
 */
export function checkRun(run: WorkflowRun, expected?: ExpectedOutcome): string[] {
  const problems = [...outcomeProblems(run.outcome, revokeFoundRunning(run) ? undefined : expected), ...revokeProblems(run), ...commitProblems(run)];
  return run.outcome ? [...problems, ...stateProblems(run), ...inputProblems(run)] : problems;
}

/** The schedule's revoke reached the store while the workflow still ran: from then on, it ends REVOKED. */
function revokeFoundRunning(run: WorkflowRun): boolean {
  return run.revoke?.found?.status === 'REVOKED';
}

/** A revoke's promises: the workflow keeps the outcome the revoked mark found or set, and no attempt begins after it. */
function revokeProblems(run: WorkflowRun): string[] {
  const problems = run.begunAfterRevoke.map((attempt) => `attempt ${attempt} began after the workflow was revoked`);
  const found = run.revoke?.found;
  if (found && run.outcome && !isDeepStrictEqual(found, run.outcome)) problems.push(`the revoke found the workflow ${show(found)}, but it ended ${show(run.outcome)}`);
  return problems;
}

/** Every node ends final, except callbacks their node did not call for (and what is inside them). */
function stateProblems(run: WorkflowRun): string[] {
  const problems: string[] = [];
  for (const node of Object.values(run.plan.nodes)) {
    if (dormant(run, node)) continue;
    const record = run.nodes.get(node.id);
    if (!record?.outcome) problems.push(`${describeNode(node)} ended ${record?.state ?? 'unknown'} with no outcome, though it was due to run`);
    else if (record.state !== record.outcome.status) problems.push(`${describeNode(node)} reports state ${record.state} but its outcome is ${record.outcome.status}`);
  }
  return problems;
}

/** A link whose node did not succeed, an errback whose node did not fail itself, or a node inside one. */
function dormant(run: WorkflowRun, node: PlannedNode): boolean {
  for (let here: PlannedNode | undefined = node; here; here = here.parent === null ? undefined : run.plan.nodes[here.parent]) {
    if (here.trigger === null) continue;
    const trigger = run.nodes.get(here.trigger)?.outcome;
    if (here.role === 'link' && trigger?.status !== 'SUCCESS') return true;
    if (here.role === 'errback' && !(trigger?.status === 'FAILURE' && !trigger.cascaded)) return true;
  }
  return false;
}

/** What each task received against what its place in the plan says it should. */
function inputProblems(run: WorkflowRun): string[] {
  const problems: string[] = [];
  for (const [nodeId, calls] of run.received) {
    const node = run.plan.nodes[nodeId];
    if (!node || node.kind !== 'task') continue;
    const distinct = new Set(calls.map((args) => JSON.stringify(args)));
    if (distinct.size > 1) problems.push(`${describeNode(node)} received different arguments on different runs: ${[...distinct].join(' / ')}`);
    const input = expectedInput(run, node);
    if (input === undefined || node.immutable) continue;
    const got = calls[0]!;
    if (input.kind === 'value' && !isDeepStrictEqual(got[0], input.value)) {
      problems.push(`${describeNode(node)} received ${JSON.stringify(got[0])} as its input, want ${JSON.stringify(input.value)} (${input.from})`);
    }
    if (input.kind === 'failure') {
      const description = got[0] as Record<string, unknown> | null;
      // The failure's type and message, and where it started: the task that threw, its error's name and stack.
      const origin = rootCause(input.failure);
      const want: Record<string, unknown> = { type: input.failure.type, message: input.failure.message, nodeId: origin.nodeId ?? null, taskName: origin.taskName ?? null, errorName: origin.errorName ?? origin.type, stack: origin.remoteStack ?? null };
      if (Object.keys(want).some((key) => description?.[key] !== want[key])) {
        problems.push(`${describeNode(node)} received ${JSON.stringify(got[0])} as its input, want the failure of ${input.from} (${JSON.stringify(want)})`);
      }
    }
  }
  return problems;
}

function rootCause(failure: FailureData): FailureData {
  return failure.cause ? rootCause(failure.cause) : failure;
}

type Input = { readonly kind: 'value'; readonly value: Json; readonly from: string } | { readonly kind: 'failure'; readonly failure: FailureData; readonly from: string };

/** The input a task's place gives it, when the plan says (a chain step, a chord body, a link, an errback). */
function expectedInput(run: WorkflowRun, node: PlannedNode): Input | undefined {
  const outcomeOf = (id: string) => run.nodes.get(id)?.outcome;
  if (node.trigger !== null) {
    const trigger = outcomeOf(node.trigger);
    if (node.role === 'link' && trigger?.status === 'SUCCESS') return { kind: 'value', value: trigger.value, from: `the value of ${node.trigger}` };
    if (node.role === 'errback' && trigger?.status === 'FAILURE') return { kind: 'failure', failure: trigger.failure, from: node.trigger };
    return undefined;
  }
  const parent = node.parent === null ? undefined : run.plan.nodes[node.parent];
  if (parent?.kind === 'chain' && node.index > 0) {
    const previous = outcomeOf(parent.children[node.index - 1]!);
    return previous?.status === 'SUCCESS' ? { kind: 'value', value: previous.value, from: `the value of step ${node.index - 1} of ${parent.id}` } : undefined;
  }
  if (parent?.kind === 'chord' && parent.body === node.id) {
    const parts = parent.children.map((id) => outcomeOf(id));
    if (!parts.every((part) => part?.status === 'SUCCESS')) return undefined;
    return { kind: 'value', value: parts.map((part) => (part as { value: Json }).value), from: `the header values of ${parent.id} in header order` };
  }
  return undefined;
}

function describeNode(node: PlannedNode): string {
  return node.kind === 'task' ? `${node.id} (${node.task})` : `${node.id} (${node.kind})`;
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
      if (outcome.status !== 'REVOKED') return [`expected REVOKED, got ${got}`];
      return expected.reason === undefined || outcome.reason === expected.reason ? [] : [`expected REVOKED (${expected.reason}), got ${got}`];
    case 'ONE_OF': {
      const each = expected.outcomes.map((one) => outcomeProblems(outcome, one));
      return each.some((problems) => problems.length === 0) ? [] : [`expected one of: ${each.map((problems) => problems[0]!.replace(/, got .*$/, '').replace(/^expected /, '')).join('; ')}, got ${got}`];
    }
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
    // A revoke settles what has not run yet, callbacks due included: those end REVOKED with no commit of their own.
    const revokedBefore = (id: string) => run.revoke !== undefined && commits(id) === 0 && run.nodes.get(id)?.outcome?.status === 'REVOKED';
    for (const link of node.links) {
      const want = succeeded ? 1 : 0;
      if (commits(link) !== want && !(want === 1 && revokedBefore(link))) problems.push(`link ${link} of ${node.id} (${outcome?.status ?? 'no outcome'}) committed ${commits(link)} times, want ${want}`);
    }
    for (const errback of node.errbacks) {
      const want = failedItself ? 1 : 0;
      if (commits(errback) !== want && !(want === 1 && revokedBefore(errback))) problems.push(`errback ${errback} of ${node.id} (${outcome?.status ?? 'no outcome'}) committed ${commits(errback)} times, want ${want}`);
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
