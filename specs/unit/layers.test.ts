import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => relative(root, join(root, file, '..', m[1]!)));
}

/**
 * Which folders each layer may import: canvas <- engine <- adapters, where the engine's ports are leaves
 * (they import only canvas types) and adapters see nothing of the engine but its ports. Only index.ts and
 * cli.ts (and cli/) compose the engine with adapters. A file belongs to the longest layer that contains it.
 */
const allowed: Record<string, string[]> = {
  canvas: ['canvas'],
  engine: ['canvas', 'engine'],
  'engine/ports': ['canvas', 'engine/ports'],
  'adapters/support': ['canvas', 'engine/ports', 'adapters/support'],
  'adapters/memory': ['canvas', 'engine/ports', 'adapters/support', 'adapters/memory'],
  'adapters/redis': ['canvas', 'engine/ports', 'adapters/support', 'adapters/redis'],
  'adapters/postgres': ['canvas', 'engine/ports', 'adapters/support', 'adapters/postgres'],
  // The adapters-level selector: picks adapters for createApp, so it sees them all, still not the engine.
  'adapters/select': ['canvas', 'engine/ports', 'adapters'],
  logging: ['engine/ports', 'logging'],
  reporters: ['canvas', 'engine', 'reporters'],
  // The second composition root (celeriac/testing): the engine on the memory adapter, with fault injection.
  testing: ['canvas', 'engine', 'adapters/memory', 'testing'],
  'specs/property/reference': ['canvas', 'specs/property/reference'],
  // The dashboard sits above the public API: it sees the app's types and canvas, never adapters or runtime code.
  dashboard: ['canvas', 'engine', 'dashboard'],
  // The page runs in a browser: it knows only the API's wire types.
  'dashboard/ui': ['dashboard/ui', 'dashboard/wire.js'],
};

/** Imports of `file` from `folder` that bring in values rather than types only (`import type`, `export type`). */
function valueImportsOf(file: string, folder: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^(import|export)(\s+type)?\s[^;]*?from\s*'(\.[^']+)'/gms)]
    .filter((m) => m[2] === undefined)
    .map((m) => relative(root, join(root, file, '..', m[3]!)))
    .filter((target) => target.startsWith(`${folder}/`));
}

/** Who may import `testing/`: the tests, the examples and the benchmarks, never the library itself. */
const testingImporters = ['specs', 'examples', 'bench', 'testing'];

const layers = Object.keys(allowed).sort((a, b) => b.length - a.length);
const layerOf = (file: string) => layers.find((layer) => file.startsWith(`${layer}/`));
const within = (target: string, folder: string) => target === folder || target.startsWith(`${folder}/`);

describe('import direction', () => {
  for (const [layer, may] of Object.entries(allowed)) {
    it(`${layer} imports only ${may.join(', ')}`, () => {
      // A missing layer folder means the rule checks nothing: a rename must update this table.
      expect(existsSync(join(root, layer)), `layer folder ${layer} is missing`).toBe(true);
      const files = sources(layer).filter((file) => layerOf(file) === layer);
      expect(files.length, `layer ${layer} has no files`).toBeGreaterThan(0);
      const wrong = files.flatMap((file) =>
        importsOf(file)
          .filter((target) => !may.some((ok) => within(target, ok)))
          .map((target) => `${file} -> ${target}`),
      );
      expect(wrong).toEqual([]);
    });
  }

  it('every adapter folder has a layer of its own', () => {
    const folders = readdirSync(join(root, 'adapters')).filter((name) => statSync(join(root, 'adapters', name)).isDirectory());
    expect(folders.map((name) => `adapters/${name}`).filter((folder) => !(folder in allowed))).toEqual([]);
  });

  it('engine and adapters write no log lines themselves: they go through the Logger port', () => {
    const files = [...sources('engine'), ...sources('adapters')];
    const writing = files.filter((file) => /\bconsole\.(log|info|warn|error|debug)\b|process\.std(out|err)\.write/.test(readFileSync(join(root, file), 'utf8')));
    expect(writing).toEqual([]);
  });

  it(`only ${testingImporters.join(', ')} import testing/`, () => {
    const library = ['index.ts', 'cli.ts', ...['canvas', 'engine', 'adapters', 'cli'].flatMap((dir) => sources(dir))];
    const wrong = library.flatMap((file) => importsOf(file).filter((target) => target === 'testing' || target.startsWith('testing/')).map((target) => `${file} -> ${target}`));
    expect(library.length).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it('dashboard takes only types from engine: what it does with an app goes through the app it is given', () => {
    const wrong = sources('dashboard').flatMap((file) => valueImportsOf(file, 'engine').map((target) => `${file} -> ${target}`));
    expect(wrong).toEqual([]);
  });
});
