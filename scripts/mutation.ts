/**
 * `npm run mutation [-- <stryker options>]` and `npm run mutation:canvas [-- <stryker options>]`: runs Stryker,
 * then `scripts/static-mutants.ts` on the report it wrote, so the scores printed last count the static
 * survivors that are killed when applied by hand (Stryker 9.6's vitest runner cannot test them; see that
 * script). The first argument may name a Stryker config file (`stryker.canvas.config.mjs`); the rest go to
 * `stryker run` as they are (`--mutate engine/machine/resume.ts`, `--force`).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// Everything goes to `stryker run` as given; a config file named first only tells which report to read.
const strykerArgs = process.argv.slice(2);
const configFile = strykerArgs[0]?.endsWith('.mjs') ? strykerArgs[0] : 'stryker.config.mjs';
const config = (await import(pathToFileURL(resolve(configFile)).href)) as { default: { jsonReporter?: { fileName?: string } } };
const reportPath = config.default.jsonReporter?.fileName ?? 'reports/mutation/mutation.json';

const stryker = spawnSync('npx', ['stryker', 'run', ...strykerArgs], { stdio: 'inherit' });
if (stryker.status !== 0) {
  console.error(`stryker run exited with ${stryker.status ?? stryker.signal}: no static pass.`);
  process.exit(stryker.status ?? 1);
}
const statics = spawnSync('npx', ['tsx', 'scripts/static-mutants.ts', reportPath], { stdio: 'inherit' });
process.exit(statics.status ?? 1);
