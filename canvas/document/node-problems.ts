import type { ErrorObject } from 'ajv/dist/2020.js';
import type { ValidationProblem } from '../errors.js';
import { findNonJson } from '../json.js';
import { suggest } from '../suggest.js';
import { documentOptionProblems } from './options-problems.js';
import { join } from './pointer.js';
import { has, isPlainObject, own } from './read.js';
import { documentKeys, nodeKeys, type KindKey } from './schema.js';
import { show } from './show.js';
import { validators } from './validators.js';

/** Starts the message of an ajv error this module has no words for; tests check it never shows. */
export const schemaMismatch = 'Does not match the workflow schema:';

/** What each field should hold, for "Expected `task` to be ..., got ..." messages. */
const expectations: Record<string, string> = {
  task: 'a task name (a non-empty string)',
  args: 'an array of arguments',
  immutable: '`true` or `false`',
  options: 'an object of task options',
  link: 'an array of nodes',
  linkError: 'an array of nodes',
  chain: 'a non-empty array of nodes',
  group: 'an array of nodes',
  chord: 'an object with `header` (an array of nodes) and `body` (a node)',
  header: 'an array of nodes',
  $schema: 'a string',
  name: 'a string',
  description: 'a string',
  params: 'a JSON Schema object',
};

const keysOf: Record<KindKey, readonly string[]> = {
  task: ['task', 'args', 'immutable', 'options', 'link', 'linkError'],
  chain: ['chain', 'options', 'link', 'linkError'],
  group: ['group', 'options', 'link', 'linkError'],
  chord: ['chord', 'options', 'link', 'linkError'],
};

/**
 * Every problem with one node whose kind is known, its children aside: the node is checked against its own
 * kind's schema only, so each error is about this node and reads as one mistake, with no `oneOf` noise.
 */
export function nodeProblems(node: Record<string, unknown>, path: string, kind: KindKey, atRoot: boolean): ValidationProblem[] {
  const validate = validators().node(kind, atRoot);
  const errors = validate(node) ? [] : [...(validate.errors ?? [])];
  const options = own(node, 'options');
  const optionErrors = isPlainObject(options) ? errors.filter((e) => e.instancePath.startsWith('/options/') || e.instancePath === '/options') : [];
  const aboutOptions = new Set(optionErrors);
  const problems: ValidationProblem[] = [];
  const located = new Set<string>();
  for (const error of errors) {
    if (aboutOptions.has(error)) continue;
    const problem = describeError(error, node, path, kind, atRoot);
    // One problem per place: a field of the wrong type also fails its minLength or minItems.
    if (located.has(problem.path)) continue;
    located.add(problem.path);
    problems.push(problem);
  }
  if (isPlainObject(options)) problems.push(...documentOptionProblems(options, join(path, 'options'), optionErrors));
  const args = own(node, 'args');
  if (kind === 'task' && Array.isArray(args)) {
    // A document parsed from JSON text cannot hold anything else, but one built in code can.
    const bad = findNonJson(args);
    if (bad) {
      problems.push({
        path: join(path, 'args') + bad.path,
        message: `An argument is not a JSON value: found ${bad.found}`,
        hint: 'arguments travel as JSON; pass plain objects, arrays, strings, finite numbers, booleans or null',
      });
    }
  }
  return problems;
}

function describeError(error: ErrorObject, node: Record<string, unknown>, path: string, kind: KindKey, atRoot: boolean): ValidationProblem {
  const where = error.instancePath;
  if (where === '' && error.keyword === 'additionalProperties') return unknownKey(String(error.params.additionalProperty), path, kind, atRoot);
  if (where === '/chord' && error.keyword === 'required') return chordWithout(node, join(path, 'chord'));
  if (where === '/chord' && error.keyword === 'additionalProperties') return unknownChordKey(String(error.params.additionalProperty), join(path, 'chord'));
  const field = lastKey(where);
  const at = path + where;
  if (field === 'chain' && error.keyword === 'minItems') {
    return { path: at, message: 'A chain needs at least one step', hint: 'for a node with nothing to run, use {"group": []}' };
  }
  const expected = expectations[field];
  if (expected !== undefined && where !== '') return { path: at, message: `Expected \`${field}\` to be ${expected}, got ${show(valueAt(node, where))}` };
  return { path: at, message: `${schemaMismatch} ${error.message ?? error.keyword}` };
}

/** A key this kind of node does not have: the wrong kind's key, a root-only key, or a typo. */
export function unknownKey(key: string, path: string, kind: KindKey, atRoot: boolean): ValidationProblem {
  const at = join(path, key);
  if (key === 'args' || key === 'immutable') {
    return { path: at, message: `\`${key}\` is only for task nodes, and this node is a ${kind}`, hint: 'give it to the tasks inside instead' };
  }
  if (!atRoot && (documentKeys as readonly string[]).includes(key)) {
    return { path: at, message: `\`${key}\` is only allowed at the root of the document` };
  }
  const near = suggest(key, atRoot ? [...nodeKeys, ...documentKeys] : nodeKeys);
  return {
    path: at,
    message: `Unknown key \`${key}\` on a ${kind} node`,
    hint: near ? `did you mean \`${near}\`?` : `a ${kind} node has ${keysOf[kind].map((k) => `\`${k}\``).join(', ')}`,
  };
}

function chordWithout(node: Record<string, unknown>, at: string): ValidationProblem {
  const chord = own(node, 'chord') as Record<string, unknown>;
  const header = has(chord, 'header');
  const body = has(chord, 'body');
  if (!header && !body) {
    return { path: at, message: 'A chord needs a `header` and a `body`: the nodes that run in parallel, and the node that runs with their results', hint: '{"chord": {"header": [ ...nodes ], "body": {"task": "..."}}}' };
  }
  if (!body) {
    return {
      path: at,
      message: 'A chord needs a `body`: the node that runs with the list of header results',
      hint: 'add "body": {"task": "..."}; for parallel work with nothing after it, use a group',
    };
  }
  return { path: at, message: 'A chord needs a `header`: the list of nodes that run in parallel before the body', hint: 'add "header": [ ...nodes ]' };
}

function unknownChordKey(key: string, path: string): ValidationProblem {
  const at = join(path, key);
  if ((['options', 'link', 'linkError'] as readonly string[]).includes(key)) {
    return { path: at, message: `\`${key}\` goes on the chord node, next to \`chord\`, not inside it` };
  }
  const near = suggest(key, ['header', 'body']);
  return { path: at, message: `Unknown key \`${key}\` in a chord`, hint: near ? `did you mean \`${near}\`?` : 'a chord has `header` and `body`' };
}

function lastKey(pointer: string): string {
  return unescapeKey(pointer.slice(pointer.lastIndexOf('/') + 1));
}

/** The value an ajv instancePath (relative to the node) points at, reading own keys only. */
function valueAt(node: Record<string, unknown>, pointer: string): unknown {
  let value: unknown = node;
  for (const key of pointer.split('/').slice(1).map(unescapeKey)) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = own(value as Record<string, unknown>, key);
  }
  return value;
}

const unescapeKey = (key: string) => key.replace(/~1/g, '/').replace(/~0/g, '~');
