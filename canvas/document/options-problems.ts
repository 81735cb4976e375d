import type { ErrorObject } from 'ajv/dist/2020.js';
import type { ValidationProblem } from '../errors.js';
import { findNonJson } from '../json.js';
import { optionProblems } from '../options.js';
import { join } from './pointer.js';

/**
 * Every problem with the options object of one node. The canvas's own `optionProblems` states each option's
 * rule, so a document and `.set()` get the same messages and suggestions. The schema's errors (given as ajv
 * reported them, relative to the node) are said in ajv's words for an option optionProblems found nothing
 * wrong with; the schema is never stricter than optionProblems (specs/property/document/options-rule.test.ts),
 * so that only shows if the two ever drift apart.
 */
export function documentOptionProblems(options: Record<string, unknown>, path: string, schemaErrors: readonly ErrorObject[]): ValidationProblem[] {
  // optionProblems quotes values with JSON.stringify, which throws on a bigint or a cycle: only plain JSON goes in.
  const bad = findNonJson(options);
  if (bad) return [{ path: path + bad.path, message: `An option is not a JSON value: found ${bad.found}` }];

  const problems = optionProblems(options, path, 'document');
  // An option is covered when optionProblems said what is wrong with its value. It reports countdown-with-eta
  // at `eta` too, which says nothing about the value of `eta`.
  const said = new Map<string, number>();
  for (const problem of problems) {
    const name = topOption(problem.path.slice(path.length + 1));
    said.set(name, (said.get(name) ?? 0) + 1);
  }
  const conflict = options.countdown !== undefined && options.eta !== undefined ? 1 : 0;
  const covered = new Set([...said].filter(([name, count]) => count > (name === 'eta' ? conflict : 0)).map(([name]) => name));
  for (const error of schemaErrors) {
    const rest = error.instancePath.slice('/options'.length);
    // Unknown options and countdown-with-eta reach the `options` object itself; optionProblems always reports both.
    if (rest === '') continue;
    const name = topOption(rest.slice(1));
    if (covered.has(name)) continue;
    covered.add(name);
    problems.push({ path: join(path, name), message: `Option \`${name}\` ${error.message ?? 'is invalid'}` });
  }
  return problems;
}

/** The option a pointer (below the options object) is about: `backoff/delay` is about `backoff`. */
function topOption(rest: string): string {
  const slash = rest.indexOf('/');
  return slash === -1 ? rest : rest.slice(0, slash);
}
