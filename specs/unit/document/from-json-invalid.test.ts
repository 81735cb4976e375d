import { describe, expect, it } from 'vitest';
import { signature } from '../../../canvas/signature.js';
import { problemsOf } from './problems-of.js';

describe('when a node has a misspelt key', () => {
  it('points to the key and suggests the right one', () => {
    expect(problemsOf({ chain: [{ task: 'a' }, { group: [], opions: { retries: 1 } }] })).toEqual([
      { path: '/chain/1/opions', message: 'Unknown key `opions` on a group node', hint: 'did you mean `options`?' },
    ]);
  });

  it('suggests the kind key when the misspelt key was meant to be the kind', () => {
    expect(problemsOf({ grup: [{ task: 'a' }] })).toEqual([
      { path: '/grup', message: 'Unknown key `grup`, and a node needs one of `task`, `chain`, `group` or `chord`', hint: 'did you mean `group`?' },
    ]);
  });

  it('lists the keys a node has when nothing is close', () => {
    const [problem] = problemsOf({ task: 'a', xyzzy: 1 });
    expect(problem).toEqual({
      path: '/xyzzy',
      message: 'Unknown key `xyzzy` on a task node',
      hint: 'a task node has `task`, `args`, `immutable`, `options`, `link`, `linkError`',
    });
  });
});

describe('when a node has two kinds', () => {
  it('says a node has exactly one of them, once', () => {
    expect(problemsOf({ task: 'a', chain: [{ task: 'b' }] })).toEqual([
      {
        path: '/',
        message: 'A node has exactly one of task, chain, group, chord; this one has `task` and `chain`',
        hint: 'split it into nodes of their own: in a chain to run one after another, in a group to run them in parallel',
      },
    ]);
  });
});

describe('when a node has no kind', () => {
  it('says which keys a node needs and which it has', () => {
    expect(problemsOf({ group: [{ args: [1], options: {} }] })).toEqual([
      { path: '/group/0', message: 'A node needs one of `task`, `chain`, `group` or `chord`, and this one has none', hint: 'it has `args`, `options`' },
    ]);
  });

  it('suggests an empty group for an empty object', () => {
    expect(problemsOf({})[0]?.hint).toBe('for a node with nothing to run, use {"group": []}');
  });
});

describe('when a node is not an object', () => {
  it('says what was expected and what came, for each', () => {
    expect(problemsOf({ group: [5, null, 'add', [], true] }).map((p) => [p.path, p.message])).toEqual([
      ['/group/0', 'Expected a node (an object with one of `task`, `chain`, `group` or `chord`), got `5` (number)'],
      ['/group/1', 'Expected a node (an object with one of `task`, `chain`, `group` or `chord`), got `null`'],
      ['/group/2', "Expected a node (an object with one of `task`, `chain`, `group` or `chord`), got `'add'` (string)"],
      ['/group/3', 'Expected a node (an object with one of `task`, `chain`, `group` or `chord`), got an empty array'],
      ['/group/4', 'Expected a node (an object with one of `task`, `chain`, `group` or `chord`), got `true` (boolean)'],
    ]);
  });

  it('tells a caller who passed JSON text to parse it first', () => {
    expect(problemsOf('{"task": "add"}')).toEqual([
      {
        path: '/',
        message: "Expected a node (an object with one of `task`, `chain`, `group` or `chord`), got `'{\"task\": \"add\"}'` (string)",
        hint: 'parse the JSON text first: fromJSON(JSON.parse(text))',
      },
    ]);
  });

  it('tells a caller who passed a canvas that it already is one', () => {
    expect(problemsOf(signature('add'))[0]?.hint).toBe('this is already a canvas; toJSON(canvas) gives its document');
  });
});

describe('when a field has the wrong type', () => {
  it('names the field, what it should be and what came', () => {
    expect(problemsOf({ task: 7, args: 'x', immutable: 'yes', options: [], link: {}, linkError: null })).toEqual([
      { path: '/task', message: 'Expected `task` to be a task name (a non-empty string), got `7` (number)' },
      { path: '/args', message: "Expected `args` to be an array of arguments, got `'x'` (string)" },
      { path: '/immutable', message: "Expected `immutable` to be `true` or `false`, got `'yes'` (string)" },
      { path: '/options', message: 'Expected `options` to be an object of task options, got an empty array' },
      { path: '/link', message: 'Expected `link` to be an array of nodes, got an object' },
      { path: '/linkError', message: 'Expected `linkError` to be an array of nodes, got `null`' },
    ]);
  });

  it('reports an empty task name', () => {
    expect(problemsOf({ task: '' })).toEqual([{ path: '/task', message: "Expected `task` to be a task name (a non-empty string), got `''` (string)" }]);
  });

  it('reports a chain, group or chord of the wrong shape', () => {
    expect(problemsOf({ group: [{ chain: {} }, { group: 'a' }, { chord: [] }] }).map((p) => [p.path, p.message])).toEqual([
      ['/group/0/chain', 'Expected `chain` to be a non-empty array of nodes, got an object'],
      ['/group/1/group', "Expected `group` to be an array of nodes, got `'a'` (string)"],
      ['/group/2/chord', 'Expected `chord` to be an object with `header` (an array of nodes) and `body` (a node), got an empty array'],
    ]);
  });
});

describe('when a chain is empty', () => {
  it('says a chain needs a step and suggests an empty group', () => {
    expect(problemsOf({ chain: [] })).toEqual([{ path: '/chain', message: 'A chain needs at least one step', hint: 'for a node with nothing to run, use {"group": []}' }]);
  });
});

describe('when a chord has no body', () => {
  it('points to the chord and names the missing body', () => {
    expect(problemsOf({ chord: { header: [{ task: 'a' }] } })).toEqual([
      {
        path: '/chord',
        message: 'A chord needs a `body`: the node that runs with the list of header results',
        hint: 'add "body": {"task": "..."}; for parallel work with nothing after it, use a group',
      },
    ]);
  });

  it('names both when header and body are missing, in one problem', () => {
    expect(problemsOf({ chord: {} })).toEqual([
      {
        path: '/chord',
        message: 'A chord needs a `header` and a `body`: the nodes that run in parallel, and the node that runs with their results',
        hint: '{"chord": {"header": [ ...nodes ], "body": {"task": "..."}}}',
      },
    ]);
  });
});

describe('when a chord has a key of its own that belongs elsewhere', () => {
  it('suggests the right key for a typo', () => {
    expect(problemsOf({ chord: { header: [], bodi: { task: 'a' } } })).toContainEqual({ path: '/chord/bodi', message: 'Unknown key `bodi` in a chord', hint: 'did you mean `body`?' });
  });

  it('says options go next to `chord`, not inside it', () => {
    expect(problemsOf({ chord: { header: [], body: { task: 'a' }, options: { retries: 1 } } })).toEqual([
      { path: '/chord/options', message: '`options` goes on the chord node, next to `chord`, not inside it' },
    ]);
  });
});

describe('when a key belongs to another kind of node or to the root', () => {
  it('says `args` is only for tasks', () => {
    expect(problemsOf({ chain: [{ task: 'a' }], args: [1] })).toEqual([
      { path: '/args', message: '`args` is only for task nodes, and this node is a chain', hint: 'give it to the tasks inside instead' },
    ]);
  });

  it('says `name` is only allowed at the root', () => {
    expect(problemsOf({ chain: [{ task: 'a', name: 'first' }], name: 'fine here' })).toEqual([
      { path: '/chain/0/name', message: '`name` is only allowed at the root of the document' },
    ]);
  });

  it('checks the root metadata types', () => {
    expect(problemsOf({ task: 'a', $schema: 1, name: [], description: {}, params: 'x' }).map((p) => p.message)).toEqual([
      'Expected `$schema` to be a string, got `1` (number)',
      'Expected `name` to be a string, got an empty array',
      'Expected `description` to be a string, got an object',
      "Expected `params` to be a JSON Schema object, got `'x'` (string)",
    ]);
  });
});

describe('when a document has several mistakes in several places', () => {
  it('lists every one, in document order, one problem per mistake', () => {
    const problems = problemsOf({
      chain: [
        { task: 'a', args: 1 },
        { grop: [] },
        { chord: { header: [{ task: 5 }] } },
        { task: 'b', link: [{ task: 'c', chain: [{ task: 'd' }] }] },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual(['/chain/0/args', '/chain/1/grop', '/chain/2/chord', '/chain/2/chord/header/0/task', '/chain/3/link/0']);
  });
});

describe('when a node without a kind has many keys', () => {
  it('lists the first eight, each cut after 40 characters, and says how many more', () => {
    const keys = ['k'.repeat(41), ...Array.from({ length: 9 }, (_, i) => `key${i}`)];
    const [first] = problemsOf({ group: [Object.fromEntries(keys.map((key) => [key, 1]))] });
    expect(first).toEqual({
      path: '/group/0',
      message: 'A node needs one of `task`, `chain`, `group` or `chord`, and this one has none',
      hint: `it has \`${'k'.repeat(40)}…\`, \`key0\`, \`key1\`, \`key2\`, \`key3\`, \`key4\`, \`key5\`, \`key6\` and 2 more`,
    });
  });

  it('leaves keys whose value is undefined out, as JSON text would', () => {
    expect(problemsOf({ group: [{ args: [1], options: undefined }] })[0]?.hint).toBe('it has `args`');
  });
});

describe('when a node without a kind has a key nothing is close to', () => {
  it('reports it with every key a node may have', () => {
    expect(problemsOf({ group: [{ xyzzy: 1 }] })).toEqual([
      { path: '/group/0', message: 'A node needs one of `task`, `chain`, `group` or `chord`, and this one has none', hint: 'it has `xyzzy`' },
      { path: '/group/0/xyzzy', message: 'Unknown key `xyzzy`', hint: 'a node has `task`, `args`, `immutable`, `options`, `link`, `linkError`, `chain`, `group`, `chord`' },
    ]);
  });

  it('takes the root metadata keys as known at the root only', () => {
    expect(problemsOf({ name: 'n', params: {} }).map((p) => p.path)).toEqual(['/']);
    expect(problemsOf({ group: [{ name: 'n' }] }).map((p) => p.path)).toEqual(['/group/0', '/group/0/name']);
  });
});

describe('when a node of a known kind has a key it does not take', () => {
  it('suggests a root key at the root only, and lists the keys of the kind elsewhere', () => {
    expect(problemsOf({ nme: 'x', task: 'a' })).toEqual([{ path: '/nme', message: 'Unknown key `nme` on a task node', hint: 'did you mean `name`?' }]);
    expect(problemsOf({ chain: [{ task: 'a', nme: 'x' }] })).toEqual([
      { path: '/chain/0/nme', message: 'Unknown key `nme` on a task node', hint: 'a task node has `task`, `args`, `immutable`, `options`, `link`, `linkError`' },
    ]);
  });

  it("lists a chain's and a group's keys, and escapes the key in the pointer", () => {
    expect(problemsOf({ chain: [{ task: 'a' }], xyzzy: 1 })).toEqual([{ path: '/xyzzy', message: 'Unknown key `xyzzy` on a chain node', hint: 'a chain node has `chain`, `options`, `link`, `linkError`' }]);
    expect(problemsOf({ group: [], 'a/b': 1 })).toEqual([{ path: '/a~1b', message: 'Unknown key `a/b` on a group node', hint: 'a group node has `group`, `options`, `link`, `linkError`' }]);
  });

  it('says `immutable` is for tasks too', () => {
    expect(problemsOf({ chain: [{ task: 'a' }], immutable: true })).toEqual([
      { path: '/immutable', message: '`immutable` is only for task nodes, and this node is a chain', hint: 'give it to the tasks inside instead' },
    ]);
  });
});

describe('when a chord is half there', () => {
  it('names a missing header', () => {
    expect(problemsOf({ chord: { body: { task: 'a' } } })).toEqual([
      { path: '/chord', message: 'A chord needs a `header`: the list of nodes that run in parallel before the body', hint: 'add "header": [ ...nodes ]' },
    ]);
  });

  it('says what a header and a body should be', () => {
    expect(problemsOf({ chord: { header: 5, body: { task: 'a' } } })).toEqual([{ path: '/chord/header', message: 'Expected `header` to be an array of nodes, got `5` (number)' }]);
    expect(problemsOf({ chord: { header: [], body: 5 } })).toEqual([
      { path: '/chord/body', message: 'Expected a node (an object with one of `task`, `chain`, `group` or `chord`), got `5` (number)' },
    ]);
  });

  it('lists what a chord has for a key nothing is close to, and sends `link` out of it', () => {
    expect(problemsOf({ chord: { header: [], body: { task: 'a' }, xyzzy: 1 } })).toEqual([{ path: '/chord/xyzzy', message: 'Unknown key `xyzzy` in a chord', hint: 'a chord has `header` and `body`' }]);
    expect(problemsOf({ chord: { header: [], body: { task: 'a' }, linkError: [] } })).toEqual([
      { path: '/chord/linkError', message: '`linkError` goes on the chord node, next to `chord`, not inside it' },
    ]);
  });
});

describe('when a kind key holds a list where its kind takes none', () => {
  it('reports the field alone and does not visit what the list holds as nodes', () => {
    expect(problemsOf({ group: [{ chord: [{ tsk: 1 }] }, { chord: null }, { task: [{ tsk: 1 }] }] })).toEqual([
      { path: '/group/0/chord', message: 'Expected `chord` to be an object with `header` (an array of nodes) and `body` (a node), got an array' },
      { path: '/group/1/chord', message: 'Expected `chord` to be an object with `header` (an array of nodes) and `body` (a node), got `null`' },
      { path: '/group/2/task', message: 'Expected `task` to be a task name (a non-empty string), got an array' },
    ]);
  });
});

describe('when a node below the root is a string or a canvas', () => {
  it('gives no hint: the parse-it-first and already-a-canvas hints are about the whole document', () => {
    expect(problemsOf({ group: ['{"task": "a"}', signature('a')] })).toEqual([
      { path: '/group/0', message: "Expected a node (an object with one of `task`, `chain`, `group` or `chord`), got `'{\"task\": \"a\"}'` (string)" },
      { path: '/group/1', message: 'Expected a node (an object with one of `task`, `chain`, `group` or `chord`), got a Signature' },
    ]);
  });
});

describe('when a node has two kinds and a misspelt one', () => {
  it('says it has too many kinds, and reports the misspelt key without asking for a kind', () => {
    expect(problemsOf({ task: 'a', chain: [{ task: 'b' }], grop: [] })).toEqual([
      {
        path: '/',
        message: 'A node has exactly one of task, chain, group, chord; this one has `task` and `chain`',
        hint: 'split it into nodes of their own: in a chain to run one after another, in a group to run them in parallel',
      },
      { path: '/grop', message: 'Unknown key `grop`', hint: 'did you mean `group`?' },
    ]);
  });
});

describe('when a node without a kind has an unknown key set to undefined', () => {
  it('leaves the key out, as JSON text would', () => {
    expect(problemsOf({ group: [{ args: [1], xyzzy: undefined }] })).toEqual([
      { path: '/group/0', message: 'A node needs one of `task`, `chain`, `group` or `chord`, and this one has none', hint: 'it has `args`' },
    ]);
  });
});

describe('when a node without a kind has a key of exactly 40 characters', () => {
  it('quotes the key whole', () => {
    expect(problemsOf({ group: [{ ['k'.repeat(40)]: 1 }] })[0]?.hint).toBe(`it has \`${'k'.repeat(40)}\``);
  });
});

describe('when a node that is not a task has args that are not JSON', () => {
  it('says only that args are for tasks', () => {
    expect(problemsOf({ chain: [{ task: 'a' }], args: [() => 1] })).toEqual([
      { path: '/args', message: '`args` is only for task nodes, and this node is a chain', hint: 'give it to the tasks inside instead' },
    ]);
  });
});

describe('when a chord node has a key nothing is close to', () => {
  it("lists a chord node's keys", () => {
    expect(problemsOf({ chord: { header: [], body: { task: 'a' } }, xyzzy: 1 })).toEqual([
      { path: '/xyzzy', message: 'Unknown key `xyzzy` on a chord node', hint: 'a chord node has `chord`, `options`, `link`, `linkError`' },
    ]);
  });

  it('suggests `header` for a misspelt header', () => {
    expect(problemsOf({ chord: { headr: [], body: { task: 'a' } } })).toContainEqual({ path: '/chord/headr', message: 'Unknown key `headr` in a chord', hint: 'did you mean `header`?' });
  });
});

describe('when a node without a kind has a misspelt key that is not a kind', () => {
  it('says the node needs a kind, and suggests the key meant', () => {
    expect(problemsOf({ group: [{ optins: {} }] })).toEqual([
      { path: '/group/0', message: 'A node needs one of `task`, `chain`, `group` or `chord`, and this one has none', hint: 'it has `optins`' },
      { path: '/group/0/optins', message: 'Unknown key `optins`', hint: 'did you mean `options`?' },
    ]);
  });
});
