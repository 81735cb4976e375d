import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';

export const root = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

/** The environment for child npm and node processes: none of the npm_* variables of the `npm test` around us. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

/** Runs a command, resolving with its output; rejects with both streams in the message when it fails. */
export async function sh(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

export interface Packed {
  readonly dir: string;
  readonly tarball: string;
  readonly files: readonly string[];
}

/**
 * `npm pack` of a clean copy of the repository: the files git tracks (or would, untracked but not ignored), so
 * no `dist/` or other leftovers of this checkout. The copy borrows this checkout's node_modules for the build.
 */
export async function packCleanCopy(): Promise<Packed> {
  const dir = mkdtempSync(join(tmpdir(), 'celeriac-pack-'));
  const copy = join(dir, 'repo');
  for (const file of await sourceFiles()) {
    if (!existsSync(join(root, file))) continue; // deleted in the working tree, not committed yet
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const packed = await sh('npm', ['pack', '--json', '--pack-destination', dir], copy);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  return { dir, tarball: join(dir, info!.filename), files: info!.files.map((f) => f.path) };
}

/** The repository's files: what git tracks or would track, or without git, everything but what it ignores. */
async function sourceFiles(): Promise<string[]> {
  try {
    const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return stdout.split('\0').filter(Boolean);
  } catch {
    const ignored = new Set(['.git', 'node_modules', 'dist', '.vitest-cache']);
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name)))
      .filter((file) => !ignored.has(file.split(sep)[0]!) && !file.endsWith('.log'));
  }
}

/** A fresh project with the tarball installed by `npm install ...args`, and the given files written into it. */
export async function consumerProject(packed: Packed, name: string, args: readonly string[], files: Record<string, string>): Promise<string> {
  const dir = join(packed.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true }, null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  // From the npm cache where it has the packages; the registry is asked only for what it lacks.
  await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...args, packed.tarball], dir);
  return dir;
}

/** The bare module names a JavaScript file imports or requires (`bullmq`, `@opentelemetry/api`), builtins excluded. */
export function bareImports(source: string): string[] {
  const names = new Set<string>();
  const patterns = [/\bfrom\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g, /^\s*import\s*["']([^"']+)["']/gm];
  for (const pattern of patterns) {
    for (const [, specifier] of source.matchAll(pattern)) {
      if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
      const parts = specifier.split('/');
      names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return [...names];
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
