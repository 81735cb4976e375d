import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Every name the public entry exports, read from its export declarations. */
function publicExports(): string[] {
  const file = join(root, 'index.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      names.push(...statement.exportClause.elements.map((element) => element.name.text));
    } else if (ts.isFunctionDeclaration(statement) && statement.name && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      names.push(statement.name.text);
    }
  }
  return names;
}

describe('docs/api.md', () => {
  const doc = readFileSync(join(root, 'docs', 'api.md'), 'utf8');

  it('names every export of the public entry, in code', () => {
    const exports = publicExports();
    expect(exports.length).toBeGreaterThan(60);
    expect(exports.filter((name) => !new RegExp('`' + name + '\\b').test(doc))).toEqual([]);
  });

  it('shows the canvas builders before anything else', () => {
    expect(doc.indexOf('## Canvas builders')).toBeGreaterThan(0);
    expect(doc.indexOf('## Canvas builders')).toBeLessThan(doc.indexOf('## createApp'));
  });

  it('refers to no file outside the repository', () => {
    expect(doc).not.toMatch(/shared\/|\.\.\//);
  });
});
