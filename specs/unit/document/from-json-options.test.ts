import { describe, expect, it } from 'vitest';
import { fromJSON } from '../../../canvas/document/index.js';
import { problemsOf } from './problems-of.js';

describe('when an option deep in the document is wrong', () => {
  it('points to the option by its full path and says what was expected and what came', () => {
    expect(problemsOf({ chain: [{ task: 'a' }, { task: 'b', options: { retries: -1 } }] })).toEqual([
      { path: '/chain/1/options/retries', message: 'Expected `retries` to be a whole number from 0 and up, got `-1` (number)' },
    ]);
  });

  it('checks options on links, errbacks and chord bodies too', () => {
    const doc = {
      chord: { header: [], body: { task: 'b', options: { priority: 0 } } },
      link: [{ task: 'c', options: { queue: 'no spaces' } }],
      linkError: [{ group: [], options: { timeout: 0 } }],
    };
    expect(problemsOf(doc).map((p) => p.path)).toEqual(['/chord/body/options/priority', '/link/0/options/queue', '/linkError/0/options/timeout']);
  });
});

describe('when an option name is misspelt', () => {
  it('suggests the option meant', () => {
    expect(problemsOf({ task: 'a', options: { retrys: 2 } })).toEqual([
      { path: '/options/retrys', message: 'Unknown option `retrys`', hint: 'did you mean `retries`?' },
    ]);
  });
});

describe('when every option is wrong at once', () => {
  it('reports each of them, once', () => {
    const options = {
      retries: 1.5,
      backoff: { type: 'linear', delay: -1, jitter: 2 },
      countdown: -5,
      expires: -1,
      timeout: 'soon',
      priority: 2_097_152,
      queue: '',
      rateLimit: '10 per second',
    };
    expect(problemsOf({ task: 'a', options }).map((p) => p.path)).toEqual([
      '/options/retries',
      '/options/countdown',
      '/options/timeout',
      '/options/priority',
      '/options/queue',
      '/options/expires',
      '/options/rateLimit',
      '/options/backoff/type',
      '/options/backoff/delay',
      '/options/backoff/jitter',
    ]);
  });
});

describe('when a date is not an RFC 3339 date-time', () => {
  it('rejects a bare date, which Date.parse would take, and shows the expected form', () => {
    expect(problemsOf({ task: 'a', options: { eta: '2030-01-31' } })).toEqual([
      { path: '/options/eta', message: "Expected `eta` to be an RFC 3339 date-time string such as `2030-01-31T09:00:00Z`, got `'2030-01-31'` (string)" },
    ]);
  });

  it('rejects a leap second, which the schema takes but Date.parse does not', () => {
    expect(problemsOf({ task: 'a', options: { expires: '2030-12-31T23:59:60Z' } })).toHaveLength(1);
  });

  it('accepts a date-time with an offset and keeps it as written', () => {
    expect(fromJSON({ task: 'a', options: { eta: '2030-01-31T09:00:00+02:00' } }).options.eta).toBe('2030-01-31T09:00:00+02:00');
  });
});

describe('when both countdown and eta are set', () => {
  it('says to set one of them', () => {
    expect(problemsOf({ task: 'a', options: { countdown: 5, eta: '2030-01-31T09:00:00Z' } })).toEqual([
      { path: '/options/eta', message: 'Set either `countdown` or `eta`, not both' },
    ]);
  });
});

describe('when a backoff misses its required fields', () => {
  it('reports each missing field', () => {
    expect(problemsOf({ task: 'a', options: { backoff: {} } }).map((p) => p.path)).toEqual(['/options/backoff/type', '/options/backoff/delay']);
  });
});

describe('when an unknown option has a slash in its name', () => {
  it('escapes it in the JSON pointer', () => {
    expect(problemsOf({ task: 'a', options: { 'a/b': 1 } })[0]?.path).toBe('/options/a~1b');
  });
});
