#!/usr/bin/env node
// Runs the CLI: the built one when present (always, once installed), else from source in a checkout, through tsx.
// tsx is otherwise loaded only for a TypeScript `--app` module (cli/load-typescript.ts).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
let entry = built.href;
if (!existsSync(built)) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('../cli.ts', import.meta.url).href;
}
const { main } = await import(entry);
const code = await main(process.argv.slice(2));
process.exitCode = code;
// A user's module may hold connections open; once the command is done, give output a moment to flush, then leave.
setTimeout(() => process.exit(code), 500).unref();
