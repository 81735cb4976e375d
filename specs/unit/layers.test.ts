import { readdirSync, readFileSync, statSync } from 'node:fs';
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

/** Which top-level folders each layer may import (STYLE.md: canvas <- engine <- adapters; only index.ts and cli.ts see all). */
const allowed: Record<string, string[]> = {
  canvas: ['canvas'],
  engine: ['canvas', 'engine'],
  'adapters/memory': ['canvas', 'engine', 'adapters/memory'],
  'adapters/redis': ['canvas', 'engine', 'adapters/redis'],
  'adapters/postgres': ['canvas', 'engine', 'adapters/postgres'],
  'specs/property/reference': ['canvas', 'specs/property/reference'],
};

describe('import direction', () => {
  for (const [layer, may] of Object.entries(allowed)) {
    it(`${layer} imports only ${may.join(', ')}`, () => {
      let files: string[] = [];
      try {
        files = sources(layer);
      } catch {
        return; // the layer does not exist yet
      }
      const wrong = files.flatMap((file) =>
        importsOf(file)
          .filter((target) => !may.some((ok) => target === ok || target.startsWith(`${ok}/`)))
          .map((target) => `${file} -> ${target}`),
      );
      expect(wrong).toEqual([]);
    });
  }
});
