import type { ValidationProblem } from '../errors.js';
import { isCanvasNode } from '../node.js';
import { suggest } from '../suggest.js';
import { nodeProblems } from './node-problems.js';
import { join } from './pointer.js';
import { has, isPlainObject, own } from './read.js';
import { documentKeys, kindKeys, nodeKeys, type KindKey } from './schema.js';
import { show } from './show.js';

/**
 * Every problem in a document, in document order, one per mistake. Each node is classified by the kind key
 * it has and checked against that kind's schema alone; then its children are visited. Recursion is safe
 * here because limitProblems has already bounded the depth.
 */
export function documentProblems(doc: unknown): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  visit(doc, '', true, problems);
  return problems;
}

function visit(value: unknown, path: string, atRoot: boolean, problems: ValidationProblem[]): void {
  if (!isPlainObject(value)) {
    problems.push(notANode(value, path, atRoot));
    return;
  }
  const kinds = kindKeys.filter((key) => has(value, key));
  const kind = kinds[0];
  if (kind === undefined || kinds.length > 1) {
    problems.push(...unclassified(value, path, atRoot, kinds));
    return;
  }
  problems.push(...nodeProblems(value, path, kind, atRoot));
  for (const [child, childPath] of children(value, path, kind)) visit(child, childPath, false, problems);
}

/** The nodes inside a node, wherever they are well enough placed to be visited. */
function children(node: Record<string, unknown>, path: string, kind: KindKey): [unknown, string][] {
  const out: [unknown, string][] = [];
  const list = (value: unknown, at: string) => {
    if (Array.isArray(value)) value.forEach((item: unknown, i) => out.push([item, join(at, i)]));
  };
  if (kind === 'chain' || kind === 'group') list(own(node, kind), join(path, kind));
  if (kind === 'chord') {
    const chord = own(node, 'chord');
    if (isPlainObject(chord)) {
      list(own(chord, 'header'), join(join(path, 'chord'), 'header'));
      if (has(chord, 'body')) out.push([own(chord, 'body'), join(join(path, 'chord'), 'body')]);
    }
  }
  list(own(node, 'link'), join(path, 'link'));
  list(own(node, 'linkError'), join(path, 'linkError'));
  return out;
}

function notANode(value: unknown, path: string, atRoot: boolean): ValidationProblem {
  const problem = { path, message: `Expected a node (an object with one of \`task\`, \`chain\`, \`group\` or \`chord\`), got ${show(value)}` };
  if (atRoot && typeof value === 'string') return { ...problem, hint: 'parse the JSON text first: fromJSON(JSON.parse(text))' };
  if (atRoot && isCanvasNode(value)) return { ...problem, hint: 'this is already a canvas; toJSON(canvas) gives its document' };
  return problem;
}

/** A node with no kind key or several: one problem says so, and each unknown key gets its own. */
function unclassified(node: Record<string, unknown>, path: string, atRoot: boolean, kinds: readonly KindKey[]): ValidationProblem[] {
  const known: readonly string[] = atRoot ? [...nodeKeys, ...documentKeys] : nodeKeys;
  const problems: ValidationProblem[] = [];
  let misspeltKind = false;
  for (const key of Object.keys(node)) {
    if (known.includes(key) || node[key] === undefined) continue;
    const near = suggest(key, known);
    const isKind = near !== undefined && (kindKeys as readonly string[]).includes(near);
    misspeltKind ||= isKind && kinds.length === 0;
    problems.push({
      path: join(path, key),
      message: isKind && kinds.length === 0 ? `Unknown key \`${key}\`, and a node needs one of \`task\`, \`chain\`, \`group\` or \`chord\`` : `Unknown key \`${key}\``,
      // Every key: `listed` stops at eight, for the keys a hostile node may have, and would hide `chord`.
      hint: near ? `did you mean \`${near}\`?` : `a node has ${nodeKeys.map((k) => `\`${k}\``).join(', ')}`,
    });
  }
  if (kinds.length > 1) {
    problems.unshift({
      path,
      message: `A node has exactly one of task, chain, group, chord; this one has ${kinds.map((k) => `\`${k}\``).join(' and ')}`,
      hint: 'split it into nodes of their own: in a chain to run one after another, in a group to run them in parallel',
    });
  } else if (!misspeltKind) {
    const present = Object.keys(node).filter((key) => node[key] !== undefined);
    problems.unshift({
      path,
      message: 'A node needs one of `task`, `chain`, `group` or `chord`, and this one has none',
      hint: present.length === 0 ? 'for a node with nothing to run, use {"group": []}' : `it has ${listed(present)}`,
    });
  }
  return problems;
}

/** Keys quoted for a hint, the first few only: a hostile node may have thousands. */
function listed(keys: readonly string[]): string {
  const shown = keys.slice(0, 8).map((key) => `\`${key.length > 40 ? `${key.slice(0, 40)}…` : key}\``);
  return keys.length > shown.length ? `${shown.join(', ')} and ${keys.length - shown.length} more` : shown.join(', ');
}
