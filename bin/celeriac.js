#!/usr/bin/env node
// Registers tsx so `--app` may name a TypeScript module, then runs the CLI (built if present, else from source).
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const built = new URL('../dist/cli.js', import.meta.url);
const { main } = await import(existsSync(built) ? built.href : new URL('../cli.ts', import.meta.url).href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
// A user's module may hold connections open; once the command is done, give output a moment to flush, then leave.
setTimeout(() => process.exit(code), 500).unref();
