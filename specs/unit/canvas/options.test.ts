import { describe, expect, it } from 'vitest';
import { validationErrorOf } from '../validation-error.js';
import { optionProblems, parseRateLimit, validateOptions } from '../../../canvas/options.js';

/** The messages of every problem with `options` set in code, by path. */
const problems = (options: unknown) => optionProblems(options, '/options').map((p) => `${p.path}: ${p.message}`);
const accepted = (options: unknown) => expect(problems(options)).toEqual([]);

describe('when each option is at the edge of what it accepts', () => {
  it('retries: a whole number from 0', () => {
    accepted({ retries: 0 });
    expect(problems({ retries: -1 })).toEqual(['/options/retries: Expected `retries` to be a whole number from 0 and up, got `-1` (number)']);
    expect(problems({ retries: 1.5 })).toHaveLength(1);
  });

  it('countdown: milliseconds from 0, finite', () => {
    accepted({ countdown: 0 });
    accepted({ countdown: 0.5 });
    expect(problems({ countdown: -0.5 })).toEqual(['/options/countdown: Expected `countdown` to be a number of milliseconds from 0 and up, got `-0.5` (number)']);
    expect(problems({ countdown: Infinity })).toHaveLength(1);
    expect(problems({ countdown: '5' })).toHaveLength(1);
  });

  it('timeout: milliseconds above 0', () => {
    accepted({ timeout: 0.5 });
    expect(problems({ timeout: 0 })).toEqual(['/options/timeout: Expected `timeout` to be a number of milliseconds above 0, got `0` (number)']);
    expect(problems({ timeout: Number.NaN })).toHaveLength(1);
  });

  it('priority: a whole number from 1 to 2097151', () => {
    accepted({ priority: 1 });
    accepted({ priority: 2_097_151 });
    expect(problems({ priority: 0 })).toEqual(['/options/priority: Expected `priority` to be a whole number from 1 to 2097151, got `0` (number)']);
    expect(problems({ priority: 2_097_152 })).toHaveLength(1);
    expect(problems({ priority: 1.5 })).toHaveLength(1);
  });

  it('queue: letters, digits, `_`, `.` and `-` only, from the first character to the last', () => {
    accepted({ queue: 'Emails_2.high-prio' });
    expect(problems({ queue: 'a b' })).toEqual(["/options/queue: Expected `queue` to be a queue name of letters, digits, `_`, `.` or `-`, got `'a b'` (string)"]);
    for (const queue of [' a', 'a ', '', 5]) expect(problems({ queue })).toHaveLength(1);
  });

  it('retryOn: a list of non-empty error names, empty included', () => {
    accepted({ retryOn: [] });
    accepted({ retryOn: ['TimeoutError'] });
    const message = "/options/retryOn: Expected `retryOn` to be a list of error names such as ['TimeoutError', 'FetchError'], got ";
    expect(problems({ retryOn: ['TimeoutError', ''] })).toEqual([`${message}an array`]);
    expect(problems({ retryOn: [5] })).toHaveLength(1);
    expect(problems({ retryOn: 'TimeoutError' })).toEqual([`${message}\`'TimeoutError'\` (string)`]);
  });

  it('expires: milliseconds from 0, a Date or a date-time string', () => {
    accepted({ expires: 0 });
    accepted({ expires: new Date('2030-01-31T09:00:00Z') });
    accepted({ expires: '2030-01-31T09:00:00Z' });
    expect(problems({ expires: -1 })).toEqual([
      '/options/expires: Expected `expires` to be milliseconds from 0 and up, a Date or an RFC 3339 date-time string, got `-1` (number)',
    ]);
    expect(problems({ expires: Infinity })).toHaveLength(1);
  });

  it('eta: a Date of a year from 0 to 9999, or a date-time string', () => {
    accepted({ eta: new Date('0000-01-01T00:00:00Z') });
    accepted({ eta: new Date('9999-12-31T23:59:59Z') });
    const message = '/options/eta: Expected `eta` to be a Date or an RFC 3339 date-time string such as `2030-01-31T09:00:00Z`, got ';
    expect(problems({ eta: new Date('-000001-12-31T00:00:00Z') })).toEqual([`${message}a Date`]);
    expect(problems({ eta: new Date('nonsense') })).toEqual([`${message}a Date`]);
    expect(problems({ eta: 5 })).toEqual([`${message}\`5\` (number)`]);
  });
});

describe('when options come from a JSON document', () => {
  it('takes dates only as strings, and says so', () => {
    const at = new Date('2030-01-31T09:00:00Z');
    expect(optionProblems({ eta: at, expires: at }, '/options', 'document').map((p) => p.message)).toEqual([
      'Expected `eta` to be an RFC 3339 date-time string such as `2030-01-31T09:00:00Z`, got a Date',
      'Expected `expires` to be milliseconds from 0 and up, or an RFC 3339 date-time string, got a Date',
    ]);
    expect(optionProblems({ eta: '2030-01-31T09:00:00Z', expires: '2030-01-31T09:00:00Z' }, '/options', 'document')).toEqual([]);
  });
});

describe('when the options are not an object', () => {
  it('says what came, at the path given', () => {
    expect(optionProblems(null, '/chain/0/options')).toEqual([{ path: '/chain/0/options', message: 'Expected options to be an object, got `null`' }]);
    expect(problems([])).toEqual(['/options: Expected options to be an object, got an empty array']);
    expect(problems('fast')).toEqual(["/options: Expected options to be an object, got `'fast'` (string)"]);
  });
});

describe('when an option is unknown', () => {
  it('suggests the option meant, or one known by another name in Celery or BullMQ', () => {
    expect(optionProblems({ qeue: 'q', attempts: 3, delay: 5 }, '/options')).toEqual([
      { path: '/options/qeue', message: 'Unknown option `qeue`', hint: 'did you mean `queue`?' },
      { path: '/options/attempts', message: 'Unknown option `attempts`', hint: 'did you mean `retries`?' },
      { path: '/options/delay', message: 'Unknown option `delay`', hint: 'did you mean `countdown`?' },
    ]);
  });

  it("knows Celery's and BullMQ's names for timeout, retries, rateLimit and countdown", () => {
    const aliases = { timeLimit: 'timeout', time_limit: 'timeout', soft_time_limit: 'timeout', softTimeLimit: 'timeout', max_retries: 'retries', maxRetries: 'retries', attempts: 'retries', rate_limit: 'rateLimit', delay: 'countdown' };
    for (const [alias, option] of Object.entries(aliases)) {
      expect(optionProblems({ [alias]: 1 }, '/options')).toEqual([{ path: `/options/${alias}`, message: `Unknown option \`${alias}\``, hint: `did you mean \`${option}\`?` }]);
    }
  });

  it('lists the known options when nothing is close', () => {
    expect(optionProblems({ colour: 'red' }, '/options')).toEqual([
      { path: '/options/colour', message: 'Unknown option `colour`', hint: 'known options: retries, backoff, countdown, eta, expires, timeout, priority, queue, rateLimit, retryOn' },
    ]);
  });
});

describe('when a backoff is wrong', () => {
  it('says what a backoff is when it is not an object', () => {
    for (const [backoff, got] of [[null, '`null`'], [[], 'an empty array'], [5, '`5` (number)']] as const) {
      expect(problems({ backoff })).toEqual([`/options/backoff: Expected \`backoff\` to be { type, delay, jitter?, maxDelay? }, got ${got}`]);
    }
  });

  it('names each wrong field, what it should be and what came', () => {
    expect(problems({ backoff: { type: 'linear', delay: -1, jitter: 1.5, maxDelay: -1, base: 2 } })).toEqual([
      "/options/backoff/type: Expected backoff `type` to be 'fixed' or 'exponential', got `'linear'` (string)",
      '/options/backoff/delay: Expected backoff `delay` to be milliseconds from 0 and up, got `-1` (number)',
      '/options/backoff/jitter: Expected backoff `jitter` to be a number from 0 to 1, got `1.5` (number)',
      '/options/backoff/maxDelay: Expected backoff `maxDelay` to be milliseconds from 0 and up, got `-1` (number)',
      '/options/backoff/base: Unknown backoff field `base`',
    ]);
  });

  it('accepts each field at its edges', () => {
    accepted({ backoff: { type: 'fixed', delay: 0, jitter: 0, maxDelay: 0 } });
    accepted({ backoff: { type: 'exponential', delay: 1, jitter: 1 } });
    expect(problems({ backoff: { type: 'fixed', delay: 1, jitter: -0.1 } })).toHaveLength(1);
    expect(problems({ backoff: { type: 'fixed', delay: 1, jitter: 'x', maxDelay: 'y' } })).toHaveLength(2);
    expect(problems({ backoff: { type: 'fixed', delay: '1' } })).toHaveLength(1);
  });

  it('escapes an unknown field in its pointer', () => {
    expect(problems({ backoff: { type: 'fixed', delay: 1, 'a/b~c': 1 } })).toEqual(['/options/backoff/a~1b~0c: Unknown backoff field `a/b~c`']);
  });
});

describe('parseRateLimit', () => {
  it('reads a count per second, minute or hour, spaces allowed', () => {
    expect(parseRateLimit('10/s')).toEqual({ max: 10, perMs: 1000 });
    expect(parseRateLimit(' 100 / m ')).toEqual({ max: 100, perMs: 60_000 });
    expect(parseRateLimit('5/h')).toEqual({ max: 5, perMs: 3_600_000 });
  });

  it('reads nothing else: no zero, no other unit, no text around it', () => {
    for (const rate of ['0/s', '10/d', '10', 'x10/s', '10/sec', '-1/s', '1.5/s']) expect(parseRateLimit(rate)).toBeUndefined();
  });
});

describe('validateOptions', () => {
  it('stores dates as ISO strings, keeps the rest, and leaves out what is undefined', () => {
    const stored = validateOptions({ eta: new Date('2030-01-31T09:00:00Z'), expires: new Date('2030-02-01T00:00:00Z'), queue: 'q', retries: undefined });
    expect(stored).toEqual({ eta: '2030-01-31T09:00:00.000Z', expires: '2030-02-01T00:00:00.000Z', queue: 'q' });
    expect(Object.keys(stored)).toEqual(['eta', 'expires', 'queue']);
    expect(Object.isFrozen(stored)).toBe(true);
  });

  it("copies backoff and retryOn, so the caller's later changes do not reach the node", () => {
    const backoff = { type: 'fixed' as const, delay: 5 };
    const retryOn = ['TimeoutError'];
    const stored = validateOptions({ backoff, retryOn });
    backoff.delay = 9;
    retryOn.push('FetchError');
    expect(stored).toEqual({ backoff: { type: 'fixed', delay: 5 }, retryOn: ['TimeoutError'] });
    expect(Object.isFrozen(stored.backoff) && Object.isFrozen(stored.retryOn)).toBe(true);
  });

  it('throws every problem at once, at the path given', () => {
    const thrown = validationErrorOf(() => validateOptions({ retries: -1, timeout: 0 }, '/chain/1/options'));
    expect(thrown.errors.map((p) => p.path)).toEqual(['/chain/1/options/retries', '/chain/1/options/timeout']);
  });
});
