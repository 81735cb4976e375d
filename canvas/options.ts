import { fullFormats } from 'ajv-formats/dist/formats.js';
import { WorkflowValidationError, type ValidationProblem } from './errors.js';
import { show } from './document/show.js';
import { escapePointer } from './json.js';
import { suggest } from './suggest.js';

/** How long to wait before each retry. Exponential waits `delay * 2^(attempt-1)`; jitter `j` draws from `[wait*(1-j), wait]`. */
export interface Backoff {
  readonly type: 'fixed' | 'exponential';
  readonly delay: number;
  readonly jitter?: number;
  /** The longest wait, in ms, however many attempts failed (caps exponential growth). @default no cap */
  readonly maxDelay?: number;
}

/** Options a task has as defaults, a signature or any canvas node overrides with `.set()`. */
export interface TaskOptions {
  /** Re-attempts after a thrown error. @default 0 */
  readonly retries?: number;
  /** Wait between attempts. @default { type: 'fixed', delay: 0 } */
  readonly backoff?: Backoff;
  /** Milliseconds to wait before the first attempt. */
  readonly countdown?: number;
  /** When to start, as a Date or an ISO string (stored as an ISO string). */
  readonly eta?: Date | string;
  /** Milliseconds after apply, or a date: a task not started by then ends REVOKED. */
  readonly expires?: number | Date | string;
  /** Milliseconds one attempt may take before it fails with a time-limit error. */
  readonly timeout?: number;
  /** 1 (first) to 2,097,151; unset runs before any prioritised task, as in BullMQ. */
  readonly priority?: number;
  /** Queue the task is sent to. @default 'default' */
  readonly queue?: string;
  /** At most this many starts of this task per second, minute or hour, across all workers: `'10/s'`, `'100/m'`, `'5/h'`. */
  readonly rateLimit?: string;
  /**
   * The error names (`error.name`: `'TimeoutError'`, `'FetchError'`, `'TimeLimitExceeded'`...) that are retried;
   * a task failing with any other error fails at once, its retries unspent. `ctx.retry()` always retries.
   * @default every error is retried
   */
  readonly retryOn?: readonly string[];
}

/** Options as stored in a canvas: dates are ISO strings, so a canvas is plain JSON. */
export type StoredOptions = Omit<TaskOptions, 'eta' | 'expires'> & { readonly eta?: string; readonly expires?: number | string };

const optionNames = ['retries', 'backoff', 'countdown', 'eta', 'expires', 'timeout', 'priority', 'queue', 'rateLimit', 'retryOn'] as const;

/** Names other libraries use for our options (Celery's, BullMQ's), too far from ours for the edit distance. */
const knownAliases: Record<string, (typeof optionNames)[number]> = {
  timeLimit: 'timeout',
  time_limit: 'timeout',
  soft_time_limit: 'timeout',
  softTimeLimit: 'timeout',
  max_retries: 'retries',
  maxRetries: 'retries',
  attempts: 'retries',
  rate_limit: 'rateLimit',
  delay: 'countdown',
};

/** Where options come from: code may pass Date objects; a JSON document holds only strings. */
export type OptionSource = 'code' | 'document';

const rateLimitPattern = /^(\d+)\s*\/\s*(s|m|h)$/;

/** Parses `'10/s'` into `{ max: 10, perMs: 1000 }`. */
export function parseRateLimit(value: string): { max: number; perMs: number } | undefined {
  const match = rateLimitPattern.exec(value.trim());
  if (!match) return undefined;
  const max = Number(match[1]);
  const perMs = match[2] === 's' ? 1000 : match[2] === 'm' ? 60_000 : 3_600_000;
  return max > 0 ? { max, perMs } : undefined;
}

/**
 * Checks options and returns them in their stored form; throws a WorkflowValidationError listing every problem.
 * @param path JSON pointer of the options object, for the error message.
 */
export function validateOptions(options: unknown, path = '/options'): StoredOptions {
  const problems = optionProblems(options, path);
  if (problems.length > 0) throw new WorkflowValidationError(problems);
  const input = options as TaskOptions;
  const out: Record<string, unknown> = {};
  for (const name of optionNames) {
    const value = input[name];
    if (value === undefined) continue;
    out[name] =
      value instanceof Date ? value.toISOString() : name === 'backoff' ? Object.freeze({ ...(value as Backoff) }) : name === 'retryOn' ? Object.freeze([...(value as string[])]) : value;
  }
  return Object.freeze(out) as StoredOptions;
}

/**
 * Every problem with an options object, as data: the one statement of each option's rule, for `.set()`
 * (`source: 'code'`) and for JSON documents (`'document'`, where a date can only be a string).
 */
export function optionProblems(options: unknown, path: string, source: OptionSource = 'code'): ValidationProblem[] {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return [{ path, message: `Expected options to be an object, got ${show(options)}` }];
  }
  const problems: ValidationProblem[] = [];
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(optionNames as readonly string[]).includes(key)) {
      const near = knownAliases[key] ?? suggest(key, optionNames);
      problems.push({
        path: `${path}/${escapePointer(key)}`,
        message: `Unknown option \`${key}\``,
        hint: near ? `did you mean \`${near}\`?` : `known options: ${optionNames.join(', ')}`,
      });
    }
  }
  const check = (name: string, ok: boolean, expected: string) => {
    if (o[name] !== undefined && !ok) {
      problems.push({ path: `${path}/${name}`, message: `Expected \`${name}\` to be ${expected}, got ${show(o[name])}` });
    }
  };
  check('retries', isInt(o.retries) && (o.retries as number) >= 0, 'a whole number from 0 and up');
  check('countdown', isNum(o.countdown) && (o.countdown as number) >= 0, 'a number of milliseconds from 0 and up');
  check('timeout', isNum(o.timeout) && (o.timeout as number) > 0, 'a number of milliseconds above 0');
  check('priority', isInt(o.priority) && (o.priority as number) >= 1 && (o.priority as number) <= 2_097_151, 'a whole number from 1 to 2097151');
  check('queue', typeof o.queue === 'string' && /^[A-Za-z0-9_.-]+$/.test(o.queue), 'a queue name of letters, digits, `_`, `.` or `-`');
  const isDate = source === 'code' ? (v: unknown) => isDateObject(v) || isDateString(v) : isDateString;
  const aDate = source === 'code' ? 'a Date or an RFC 3339 date-time string' : 'an RFC 3339 date-time string';
  check('eta', isDate(o.eta), `${aDate} such as \`2030-01-31T09:00:00Z\``);
  check('expires', (isNum(o.expires) && (o.expires as number) >= 0) || isDate(o.expires), `milliseconds from 0 and up, ${source === 'code' ? 'a Date or an RFC 3339 date-time string' : 'or an RFC 3339 date-time string'}`);
  check('rateLimit', typeof o.rateLimit === 'string' && parseRateLimit(o.rateLimit) !== undefined, "a rate such as '10/s', '100/m' or '5/h'");
  check('retryOn', Array.isArray(o.retryOn) && o.retryOn.every((name) => typeof name === 'string' && name.length > 0), "a list of error names such as ['TimeoutError', 'FetchError']");
  if (o.countdown !== undefined && o.eta !== undefined) {
    problems.push({ path: `${path}/eta`, message: 'Set either `countdown` or `eta`, not both' });
  }
  if (o.backoff !== undefined) problems.push(...backoffProblems(o.backoff, `${path}/backoff`));
  return problems;
}

function backoffProblems(backoff: unknown, path: string): ValidationProblem[] {
  if (typeof backoff !== 'object' || backoff === null || Array.isArray(backoff)) {
    return [{ path, message: `Expected \`backoff\` to be { type, delay, jitter?, maxDelay? }, got ${show(backoff)}` }];
  }
  const b = backoff as Record<string, unknown>;
  const problems: ValidationProblem[] = [];
  if (b.type !== 'fixed' && b.type !== 'exponential') {
    problems.push({ path: `${path}/type`, message: `Expected backoff \`type\` to be 'fixed' or 'exponential', got ${show(b.type)}` });
  }
  if (!isNum(b.delay) || (b.delay as number) < 0) {
    problems.push({ path: `${path}/delay`, message: `Expected backoff \`delay\` to be milliseconds from 0 and up, got ${show(b.delay)}` });
  }
  if (b.jitter !== undefined && (!isNum(b.jitter) || (b.jitter as number) < 0 || (b.jitter as number) > 1)) {
    problems.push({ path: `${path}/jitter`, message: `Expected backoff \`jitter\` to be a number from 0 to 1, got ${show(b.jitter)}` });
  }
  if (b.maxDelay !== undefined && (!isNum(b.maxDelay) || (b.maxDelay as number) < 0)) {
    problems.push({ path: `${path}/maxDelay`, message: `Expected backoff \`maxDelay\` to be milliseconds from 0 and up, got ${show(b.maxDelay)}` });
  }
  for (const key of Object.keys(b)) {
    if (!['type', 'delay', 'jitter', 'maxDelay'].includes(key)) problems.push({ path: `${path}/${escapePointer(key)}`, message: `Unknown backoff field \`${key}\`` });
  }
  return problems;
}

const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown) => Number.isInteger(v);
/**
 * RFC 3339 date-times, checked by the very function the document schema's `date-time` format uses (ajv-formats,
 * days per month included), so a date `.set()` accepts always reads back from a document and the other way round.
 */
const dateTime = fullFormats['date-time'] as { validate: (value: string) => boolean };
const isDateString = (v: unknown) => typeof v === 'string' && dateTime.validate(v) && !Number.isNaN(Date.parse(v));
const isDateObject = (v: unknown) => v instanceof Date && !Number.isNaN(v.getTime()) && v.getUTCFullYear() >= 0 && v.getUTCFullYear() <= 9999;
