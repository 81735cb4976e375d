/**
 * `npm run mutation:static [-- <report> [<vitest config>]]`: tests again, by hand, the mutants Stryker
 * reported as surviving that are static (module-level code, run once when the module is imported: a list of
 * event names, a machine's configuration). Stryker 9.6's vitest runner activates such a mutant only after the
 * module was imported (stryker-js issues #6144 and #6209), so the tests never see it and it is reported
 * survived whatever they check. This applies each one to the source, runs the same tests as the mutation run
 * (`vitest.mutation.config.ts`: the unit project first, then the property project if the unit tests all
 * pass), restores the source, and prints which were killed and by what, then each file's score as Stryker
 * counted it and with the static mutants killed by hand counted as killed. The report defaults to
 * `reports/mutation/mutation.json`; a report under `reports/mutation-canvas/` is re-tested with the canvas's
 * selection (`vitest.mutation.canvas.config.ts`), any other with `vitest.mutation.config.ts`.
 *
 * It changes source files while it runs and restores each before the next: do not edit them meanwhile.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

interface Position {
  readonly line: number;
  readonly column: number;
}
interface ReportedMutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly static?: boolean;
  readonly location: { readonly start: Position; readonly end: Position };
}
interface Report {
  readonly files: Record<string, { readonly source: string; readonly mutants: readonly ReportedMutant[] }>;
}

const reportPath = process.argv[2] ?? 'reports/mutation/mutation.json';
const vitestConfig = process.argv[3] ?? (reportPath.includes('mutation-canvas') ? 'vitest.mutation.canvas.config.ts' : 'vitest.mutation.config.ts');
let report: Report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
} catch (error) {
  console.error(`Cannot read the mutation report ${reportPath} (${(error as Error).message}): run \`npm run mutation\` first, or pass the report's path.`);
  process.exit(2);
}

/** Offset in `source` of a Stryker position (line and column both count from 1). */
function offsetOf(source: string, { line, column }: Position): number {
  let offset = 0;
  for (let i = 1; i < line; i++) offset = source.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

interface FileResult {
  readonly name: string;
  readonly status: string;
  readonly message?: string;
  readonly assertionResults: ReadonlyArray<{ readonly status: string; readonly fullName: string }>;
}

/**
 * Runs one project of the mutation run's tests until the first failure; returns what failed (a test, or a
 * file that could not load), nothing when all passed. Files cancelled by the bail are not counted.
 */
function failures(project: string): string[] {
  const run = spawnSync('npx', ['vitest', 'run', '--config', vitestConfig, '--project', project, '--bail', '1', '--reporter', 'json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status === 0) return [];
  let results: FileResult[];
  try {
    results = (JSON.parse(run.stdout) as { testResults: FileResult[] }).testResults;
  } catch {
    return [`the ${project} tests did not run (exit ${run.status})`];
  }
  const found = results.flatMap((file) => {
    const where = relative(process.cwd(), file.name);
    const failed = file.assertionResults.filter((test) => test.status === 'failed').map((test) => `${where} > ${test.fullName}`);
    if (failed.length > 0) return failed;
    // A file that failed with no test failing did not load: the mutant broke an import.
    return file.status === 'failed' && file.assertionResults.length === 0 && file.message ? [`${where} (did not load: ${file.message.split('\n')[0]!.slice(0, 80)})`] : [];
  });
  return found.length > 0 ? found : [`the ${project} tests failed (exit ${run.status})`];
}

const rows: string[][] = [];
const killedByHand = new Map<string, number>();
for (const [file, { mutants }] of Object.entries(report.files)) {
  const statics = mutants.filter((m) => m.status === 'Survived' && m.static === true);
  if (statics.length === 0) continue;
  const original = readFileSync(file, 'utf8');
  for (const mutant of statics) {
    const start = offsetOf(original, mutant.location.start);
    const end = offsetOf(original, mutant.location.end);
    const replaced = original.slice(start, end);
    writeFileSync(file, original.slice(0, start) + (mutant.replacement ?? '') + original.slice(end));
    let killedBy: string[];
    try {
      killedBy = failures('unit');
      if (killedBy.length === 0) killedBy = failures('property');
    } finally {
      writeFileSync(file, original);
    }
    const where = `${relative(process.cwd(), file)}:${mutant.location.start.line}:${mutant.location.start.column}`;
    const change = `${mutant.mutatorName}: ${JSON.stringify(replaced).slice(0, 40)} → ${JSON.stringify(mutant.replacement ?? '').slice(0, 40)}`;
    if (killedBy.length > 0) killedByHand.set(file, (killedByHand.get(file) ?? 0) + 1);
    rows.push([where, change, killedBy.length > 0 ? `killed by ${killedBy[0]}${killedBy.length > 1 ? ` (and ${killedBy.length - 1} more)` : ''}` : 'survived']);
    console.log(rows.at(-1)!.join('  |  '));
  }
}
if (rows.length === 0) console.log(`No static survivors in ${reportPath}.`);
else console.log(`\n${rows.filter((r) => r[2] !== 'survived').length} of ${rows.length} static survivors killed when applied by hand.`);
console.log(`\n${scoreTable(report, killedByHand)}`);

/**
 * Each file's counts and score as Stryker computes it ((killed + timed out) / every mutant that ran or had no
 * coverage; compile errors and ignored mutants do not count), and the score with the static survivors killed
 * by hand counted as killed: a Markdown table, as docs/testing.md keeps it.
 */
function scoreTable(scored: Report, byHand: ReadonlyMap<string, number>): string {
  const percent = (part: number, whole: number) => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`);
  const lines = ['| file | mutants | killed | timed out | survived | no coverage | Stryker\'s score | static killed by hand | score |', '|---|--:|--:|--:|--:|--:|--:|--:|--:|'];
  for (const [file, { mutants }] of Object.entries(scored.files)) {
    const count = (status: string) => mutants.filter((m) => m.status === status).length;
    const [killed, timedOut, survived, noCoverage] = ['Killed', 'Timeout', 'Survived', 'NoCoverage'].map(count) as [number, number, number, number];
    const valid = killed + timedOut + survived + noCoverage;
    const hand = byHand.get(file) ?? 0;
    lines.push(`| \`${relative(process.cwd(), file)}\` | ${valid} | ${killed} | ${timedOut} | ${survived} | ${noCoverage} | ${percent(killed + timedOut, valid)} | ${hand} | ${percent(killed + timedOut + hand, valid)} |`);
  }
  return lines.join('\n');
}
