import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from '../index.js';
import { prepareImport } from './load-typescript.js';

/**
 * Imports the module named by `--app` and returns its app: the default export, or `export const app`.
 * TypeScript modules load through tsx (an optional peer dependency), registered only for them.
 */
export async function loadApp(modulePath: string): Promise<App> {
  const file = resolve(process.cwd(), modulePath);
  if (!existsSync(file)) throw new Error(`--app: no such file '${modulePath}' (resolved to ${file})`);
  await prepareImport(file);
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown; app?: unknown };
  const app = isApp(mod.default) ? mod.default : isApp(mod.app) ? mod.app : undefined;
  if (!app) {
    throw new Error(`--app: '${modulePath}' has no app; export it as the default export or as \`export const app = createApp(...)\``);
  }
  return app;
}

/** The file URL of the `--app` module, which pool children load too. */
export function resolveAppModule(modulePath: string): string {
  const file = resolve(process.cwd(), modulePath);
  if (!existsSync(file)) throw new Error(`--app: no such file '${modulePath}' (resolved to ${file})`);
  return pathToFileURL(file).href;
}

function isApp(value: unknown): value is App {
  return value instanceof App || (typeof value === 'object' && value !== null && typeof (value as App).worker === 'function' && typeof (value as App).apply === 'function');
}
