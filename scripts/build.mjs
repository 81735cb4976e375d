// Builds what the package ships, in dist/:
//   dist/**/*.js, *.d.ts   ES modules and their types, from tsc (tsconfig.build.json says which folders)
//   dist/cjs/**            the same modules as CommonJS, for `require('celeriac')` on every Node 20 (require of
//                          ES modules needs 20.19 or later), with a package.json that marks them CommonJS
//   dist/dashboard/ui-dist the dashboard's page (browser code bundled by scripts/build-dashboard.mjs), copied
//                          as it is next to both copies of the server that serves it
// The command line (cli.ts, cli/) is ES-only: the bin imports it. Every other module tsc emits is converted,
// so a new entry point needs only its folder in tsconfig.build.json and its key in package.json `exports`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transform } from 'esbuild';

const dist = 'dist';
const cjs = join(dist, 'cjs');
// Files read at run time next to the compiled code: tsc copies no non-TS files.
const assets = ['adapters/redis/lua', 'adapters/postgres/migrations'];
const esOnly = (file) => file === 'cli.js' || file === 'cli.d.ts' || file.startsWith('cli/') || file.startsWith('cjs/');
const page = 'dashboard/ui-dist';

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/build-dashboard.mjs', join(dist, page)], { stdio: 'inherit' });
cpSync(join(dist, page), join(cjs, page), { recursive: true });
for (const asset of assets) {
  cpSync(asset, join(dist, asset), { recursive: true });
  cpSync(asset, join(cjs, asset), { recursive: true });
}

for (const file of walk(dist).map((f) => relative(dist, f).split('\\').join('/'))) {
  if (esOnly(file) || file.startsWith(`${page}/`)) continue;
  const out = join(cjs, file);
  mkdirSync(dirname(out), { recursive: true });
  if (file.endsWith('.d.ts')) {
    // The same declarations, read as CommonJS because of dist/cjs/package.json.
    cpSync(join(dist, file), out);
  } else if (file.endsWith('.js')) {
    const source = readFileSync(join(dist, file), 'utf8');
    // Modules that find their files with import.meta.url get the CommonJS equivalent.
    const usesMetaUrl = source.includes('import.meta.url');
    const result = await transform(source, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcefile: file,
      ...(usesMetaUrl ? { define: { 'import.meta.url': 'importMetaUrl' }, banner: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' } : {}),
    });
    writeFileSync(out, result.code);
  }
}
writeFileSync(join(cjs, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}
