import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the built page lives: `dashboard/ui-dist` next to the sources, `dist/dashboard/ui-dist` in the package. */
export const ASSET_DIR = fileURLToPath(new URL('../ui-dist/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

export interface Asset {
  readonly body: Uint8Array;
  readonly type: string;
  readonly etag: string;
}

/**
 * The page's files, read once at start: everything the browser loads comes from the package, nothing from a
 * CDN. Fails with what to run when the page was not built (`npm run build:dashboard`).
 */
export function loadAssets(dir: string = ASSET_DIR): Map<string, Asset> {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`The dashboard page is not built (no ${join(dir, 'index.html')}): run \`npm run build:dashboard\``);
  }
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const body = readFileSync(join(dir, name));
    assets.set(name, { body, type: TYPES[extname(name)] ?? 'application/octet-stream', etag: `"${createHash('sha1').update(body).digest('base64url')}"` });
  }
  return assets;
}
