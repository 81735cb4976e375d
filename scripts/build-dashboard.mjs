// Builds the dashboard's page into one folder of static files (index.html, app.js, app.css) that the server
// reads at start: `node scripts/build-dashboard.mjs [outdir]` (default dashboard/ui-dist, next to the sources;
// `npm run build` writes dist/dashboard/ui-dist for the package, without source maps: the package ships none).
// Nothing is fetched at run time; the licences of the bundled libraries stay in app.js.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const out = process.argv[2] ?? 'dashboard/ui-dist';
const forPackage = process.argv[2] !== undefined;
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['dashboard/ui/main.ts'],
  outfile: join(out, 'app.js'),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: !forPackage,
  legalComments: 'eof',
  logLevel: 'warning',
});
copyFileSync('dashboard/ui/index.html', join(out, 'index.html'));
copyFileSync('dashboard/ui/app.css', join(out, 'app.css'));
