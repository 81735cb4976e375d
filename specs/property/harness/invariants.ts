import type { Canvas } from '../../../canvas/canvas.js';
import { isDeepStrictEqual } from 'node:util';
import { labelIn } from '../reference/behaviours.js';
import { interpret } from '../reference/interpret.js';
import type { SimulationResult } from './simulation.js';

/** The workflow ended, and how it ended is what the oracle allows. Returns what went wrong, if anything. */
export function resultViolations(canvas: Canvas, run: SimulationResult): string[] {
  const expected = interpret(canvas);
  const outcome = run.outcome;
  if (!outcome) return ['the workflow never reached a final state'];
  if (expected.status === 'SUCCESS') {
    if (outcome.status !== 'SUCCESS') return [`expected SUCCESS ${JSON.stringify(expected.value)}, got ${JSON.stringify(outcome)}`];
    return isDeepStrictEqual(outcome.value, expected.value) ? [] : [`expected ${JSON.stringify(expected.value)}, got ${JSON.stringify(outcome.value)}`];
  }
  if (outcome.status !== 'FAILURE') return [`expected a failure among ${[...expected.possible].join(' ')}, got ${JSON.stringify(outcome)}`];
  const got = `${outcome.failure.type}#${labelIn(outcome.failure.message)}`;
  return expected.possible.has(got) ? [] : [`expected a failure among ${[...expected.possible].join(' ')}, got ${got} (${outcome.failure.message})`];
}

/**
 * Each node's outcome was committed at most once; a chord body exactly once if its chord succeeded; each link
 * exactly once if its node succeeded and never otherwise; each errback exactly once if its node failed (itself,
 * not by cascade) and never otherwise.
 */
export function commitViolations(run: SimulationResult): string[] {
  const problems: string[] = [];
  const commits = (id: string) => run.freshCommits.get(id) ?? 0;
  for (const [id, count] of run.freshCommits) if (count > 1) problems.push(`${id} committed ${count} times`);
  for (const node of Object.values(run.plan.nodes)) {
    const record = run.nodes.get(node.id)!;
    if (node.kind === 'chord' && record.outcome?.status === 'SUCCESS' && commits(node.body) !== 1) {
      problems.push(`chord ${node.id} succeeded but its body was committed ${commits(node.body)} times`);
    }
    const succeeded = record.outcome?.status === 'SUCCESS';
    const failedItself = record.outcome?.status === 'FAILURE' && !record.outcome.cascaded;
    for (const link of node.links) {
      const want = succeeded ? 1 : 0;
      if (commits(link) !== want) problems.push(`link ${link} of ${node.id} (${record.outcome?.status ?? 'no outcome'}) committed ${commits(link)} times, want ${want}`);
    }
    for (const errback of node.errbacks) {
      const want = failedItself ? 1 : 0;
      if (commits(errback) !== want) problems.push(`errback ${errback} of ${node.id} (${record.outcome?.status ?? 'no outcome'}) committed ${commits(errback)} times, want ${want}`);
    }
  }
  return problems;
}
