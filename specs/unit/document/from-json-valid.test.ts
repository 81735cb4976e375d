import { describe, expect, it } from 'vitest';
import { chain, Chain } from '../../../canvas/chain.js';
import { chord, Chord } from '../../../canvas/chord.js';
import { fromJSON, parseDocument, toJSON } from '../../../canvas/document/index.js';
import { group, Group } from '../../../canvas/group.js';
import { signature, Signature } from '../../../canvas/signature.js';

const add = (...args: number[]) => signature('add', args);

describe('when the document is the API example', () => {
  const doc = {
    chain: [
      { task: 'add', args: [2, 2] },
      { chord: { header: [{ task: 'add', args: [1] }, { task: 'add', args: [2] }], body: { task: 'xsum' } } },
    ],
  };

  it('builds the same canvas as the builders do', () => {
    expect(fromJSON(doc)).toStrictEqual(chain(add(2, 2), chord([add(1), add(2)], signature('xsum'))));
  });

  it('writes back the same document', () => {
    expect(toJSON(fromJSON(doc))).toStrictEqual(doc);
  });
});

describe('when the root is a node of each kind', () => {
  it('builds a Signature from a task node', () => {
    const canvas = fromJSON({ task: 'mul', args: [1, 'two', { three: [3] }, null, true], immutable: true });
    expect(canvas).toBeInstanceOf(Signature);
    expect(canvas).toStrictEqual(new Signature('mul', [1, 'two', { three: [3] }, null, true], true));
  });

  it('builds a Chain from a chain node', () => {
    expect(fromJSON({ chain: [{ task: 'a' }, { task: 'b' }] })).toStrictEqual(chain(signature('a'), signature('b')));
  });

  it('builds a Group from a group node, empty included', () => {
    expect(fromJSON({ group: [{ task: 'a' }, { task: 'b' }] })).toStrictEqual(group(signature('a'), signature('b')));
    expect(fromJSON({ group: [] })).toStrictEqual(new Group([]));
  });

  it('builds a Chord from a chord node, with an empty header too', () => {
    expect(fromJSON({ chord: { header: [{ task: 'a' }], body: { task: 'b' } } })).toStrictEqual(chord([signature('a')], signature('b')));
    expect(fromJSON({ chord: { header: [], body: { task: 'b' } } })).toStrictEqual(new Chord([], signature('b')));
  });
});

describe('when nodes nest inside each other', () => {
  it('builds every level', () => {
    const doc = {
      group: [
        { chain: [{ task: 'a' }, { group: [{ chord: { header: [{ chain: [{ task: 'b' }] }], body: { group: [] } } }] }] },
        { chord: { header: [{ group: [{ task: 'c' }] }], body: { chain: [{ task: 'd' }] } } },
      ],
    };
    const canvas = fromJSON(doc) as Group;
    expect(canvas.members[0]).toBeInstanceOf(Chain);
    expect(canvas.members[1]).toBeInstanceOf(Chord);
    expect(toJSON(canvas)).toStrictEqual(doc);
  });
});

describe('when nodes carry options, links and errbacks', () => {
  it('sets them on the built nodes', () => {
    const canvas = fromJSON({
      chain: [{ task: 'a', options: { retries: 3, backoff: { type: 'exponential', delay: 100, jitter: 0.5 }, queue: 'io' } }],
      options: { priority: 5, eta: '2030-01-31T09:00:00.000Z', expires: 60_000 },
      link: [{ task: 'notify', immutable: true }],
      linkError: [{ group: [{ task: 'alert' }, { task: 'cleanup' }] }],
    }) as Chain;
    expect(canvas.options).toEqual({ priority: 5, eta: '2030-01-31T09:00:00.000Z', expires: 60_000 });
    expect(canvas.steps[0]!.options).toEqual({ retries: 3, backoff: { type: 'exponential', delay: 100, jitter: 0.5 }, queue: 'io' });
    expect(canvas.links).toStrictEqual([new Signature('notify', [], true)]);
    expect(canvas.errbacks).toStrictEqual([group(signature('alert'), signature('cleanup'))]);
  });

  it('accepts options on chains, groups and chords as defaults for the tasks inside', () => {
    const canvas = fromJSON({ chord: { header: [{ task: 'a' }], body: { task: 'b' } }, options: { rateLimit: '10/s', timeout: 1000 } });
    expect(canvas.options).toEqual({ rateLimit: '10/s', timeout: 1000 });
  });
});

describe('when the root carries document metadata', () => {
  const doc = {
    $schema: 'https://celeriac.dev/schema/workflow.json',
    name: 'report',
    description: 'Builds the weekly report',
    params: { type: 'object', properties: { week: { type: 'integer' } } },
    task: 'report',
  };

  it('builds the canvas without it', () => {
    expect(fromJSON(doc)).toStrictEqual(signature('report'));
  });

  it('returns it from parseDocument, and toJSON writes it back', () => {
    const { canvas, meta } = parseDocument(doc);
    expect(meta).toEqual({ $schema: doc.$schema, name: 'report', description: 'Builds the weekly report', params: doc.params });
    expect(toJSON(canvas, meta)).toStrictEqual(doc);
  });
});

describe('when the document came from JSON text', () => {
  it('accepts JSON.parse output and builds an equal canvas', () => {
    const canvas = chain(add(1), group(add(2), add(3)).set({ retries: 2 }), signature('xsum').link(signature('log')));
    const text = JSON.stringify(toJSON(canvas));
    expect(fromJSON(JSON.parse(text))).toStrictEqual(canvas);
  });
});

describe('when the root carries only some metadata', () => {
  it('returns only what is there, and a copy of params', () => {
    const doc = { name: 'n', params: { type: 'object' }, task: 'a' };
    const { meta } = parseDocument(doc);
    expect(meta).toStrictEqual({ name: 'n', params: { type: 'object' } });
    expect(meta.params).not.toBe(doc.params);
    expect(parseDocument({ description: 'd', task: 'a' }).meta).toStrictEqual({ description: 'd' });
    expect(parseDocument({ $schema: 's', task: 'a' }).meta).toStrictEqual({ $schema: 's' });
    expect(parseDocument({ task: 'a' }).meta).toStrictEqual({});
  });
});
