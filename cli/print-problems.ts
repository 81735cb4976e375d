import type { ValidationProblem } from '../index.js';

/** One line per problem: where, what, and how to fix it when we know. */
export function formatProblems(file: string, problems: readonly ValidationProblem[]): string {
  const lines = problems.map((p) => `  ${p.path || '/'}: ${p.message}${p.hint ? `\n    hint: ${p.hint}` : ''}`);
  return `✗ ${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${lines.join('\n')}`;
}
