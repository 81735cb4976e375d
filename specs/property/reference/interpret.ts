import type { Canvas } from '../../../canvas/canvas.js';
import type { Json } from '../../../canvas/json.js';
import type { CanvasNode } from '../../../canvas/node.js';
import { attemptModel, type Behaviour } from './behaviours.js';

/**
 * The oracle: a canvas's expected outcome computed directly from API.md's rules, sequentially and with no
 * engine code. Which member of a group fails first depends on timing, so a workflow that does not succeed is
 * given as the set of outcomes it may legitimately end with: `<error type>#<label of the task that threw>`, or
 * `REVOKED#<label>` for a task whose `expires` passed before it could start. Of the other task options the
 * generated canvases set, only `retries` changes an outcome: countdown, eta, priority, queue, backoff and rate
 * limits change when and where a task runs, and the generated handlers return at once, under any time limit.
 *
 * Time is modelled as far as expiry needs it: each task's earliest start is a lower bound, the time its
 * trigger can happen at the soonest (handlers take no time) plus the start delays on its way (`countdown`
 * from when it is started, `eta` as a date). A task whose expiry is before that bound expires on every
 * delivery; one whose expiry is more than `horizonMs` after the start never does (no generated run lasts that
 * long). An expiry between the two is a canvas this oracle cannot judge: it throws, and the generator must
 * not make such canvases.
 */
export type Expected = { readonly status: 'SUCCESS'; readonly value: Json } | { readonly status: 'FAILURE'; readonly possible: ReadonlySet<string> };

export interface InterpretOptions {
  /** When the workflow is applied (epoch ms): the origin of relative `expires`. @default the test app's clock start */
  readonly startAt?: number;
}

/** Past this long after the start, no generated run is still going. */
export const horizonMs = 86_400_000;
const defaultStart = Date.parse('2026-01-01T00:00:00Z');

type Input = { readonly value: Json } | undefined;
type Cause = { readonly type: string; readonly label: number };
/** `at`: the soonest the node can have settled (epoch ms). */
type Result = ({ readonly ok: true; readonly value: Json } | { readonly ok: false; readonly causes: readonly Cause[] }) & { readonly at: number };
/** When a node is started (a lower bound), and the start delay its enclosing nodes pass down to it (ms). */
type When = { readonly t: number; readonly delay: number };

export function interpret(canvas: Canvas, options: InterpretOptions = {}): Expected {
  const startAt = options.startAt ?? defaultStart;
  const result = evaluate(canvas, undefined, { t: startAt, delay: 0 }, startAt);
  return result.ok ? { status: 'SUCCESS', value: result.value } : { status: 'FAILURE', possible: new Set(result.causes.map((c) => `${c.type}#${c.label}`)) };
}

function evaluate(node: CanvasNode, input: Input, when: When, startAt: number): Result {
  const canvas = node as Canvas;
  // A node's own start delay: the longest of what it inherits, its countdown from now, its eta.
  const eta = canvas.options.eta === undefined ? 0 : Date.parse(canvas.options.eta) - when.t;
  const delay = Math.max(when.delay, canvas.options.countdown ?? 0, eta);
  const here: When = { t: when.t, delay };
  switch (canvas.kind) {
    case 'task':
      return runTask(canvas, input, when.t + delay, startAt);
    case 'group':
      return join(canvas.members.map((m) => evaluate(m, input, here, startAt)), 'member', when.t);
    case 'chord':
      return chordOf(canvas.header, canvas.body, input, here, startAt);
    case 'chain': {
      let current = input;
      let last: Result | undefined;
      // Only the first step inherits the chain's delay; each later one starts when the one before settled.
      let next: When = here;
      for (let i = 0; i < canvas.steps.length; i++) {
        const step = canvas.steps[i]!;
        const following = canvas.steps[i + 1];
        // API.md: inside a chain, a group followed by a step behaves as a chord with that step as its body.
        if (following !== undefined && step.kind === 'group' && isPlain(step)) {
          last = chordOf((step as Canvas & { kind: 'group' }).members, following, current, next, startAt);
          i++;
        } else {
          last = evaluate(step, current, next, startAt);
        }
        if (!last.ok) return last;
        current = { value: last.value };
        next = { t: last.at, delay: 0 };
      }
      return last!;
    }
  }
}

function chordOf(header: readonly CanvasNode[], body: CanvasNode, input: Input, when: When, startAt: number): Result {
  const parts = join(header.map((m) => evaluate(m, input, when, startAt)), 'header', when.t);
  if (!parts.ok) return parts;
  // An empty header starts the body at once, with the chord's own delay; otherwise when the last part is in.
  return evaluate(body, { value: parts.value }, header.length === 0 ? when : { t: parts.at, delay: 0 }, startAt);
}

/**
 * All members succeed: their values in member order, once the last is in. Otherwise any failing (or expired)
 * member may be the one reported, as soon as the first of them can have ended; a failed chord header member is
 * reported as a ChordError, an expired one as it is (REVOKED).
 */
function join(results: Result[], role: 'member' | 'header', t: number): Result {
  const failed = results.filter((r): r is Result & { ok: false } => !r.ok);
  if (failed.length === 0) return { ok: true, value: results.map((r) => (r as { value: Json }).value), at: Math.max(t, ...results.map((r) => r.at)) };
  const causes = failed.flatMap((f) => f.causes);
  return {
    ok: false,
    causes: role === 'header' ? causes.map((c) => (c.type === 'REVOKED' ? c : { ...c, type: 'ChordError' })) : causes,
    at: Math.min(...failed.map((f) => f.at)),
  };
}

/** Attempts until one succeeds or retries run out, unless the task expired before its first delivery (`start`). */
function runTask(task: Canvas & { kind: 'task' }, input: Input, start: number, startAt: number): Result {
  const full = input !== undefined && !task.immutable ? [input.value, ...task.args] : [...task.args];
  const label = Number(full[full.length - 1]);
  if (expiresBefore(task.options.expires, start, startAt, label)) return { ok: false, causes: [{ type: 'REVOKED', label }], at: start };
  const retries = task.options.retries ?? 0;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    const model = attemptModel(task.task as Behaviour, full, attempt);
    if (model.ok) return { ok: true, value: model.value, at: start };
  }
  return { ok: false, causes: [{ type: 'TaskError', label }], at: start };
}

/** Whether `expires` has passed at the task's soonest delivery `start` (it then has on every later one too). */
function expiresBefore(expires: number | string | undefined, start: number, startAt: number, label: number): boolean {
  if (expires === undefined) return false;
  const at = typeof expires === 'number' ? startAt + expires : Date.parse(expires);
  if (at < start) return true;
  if (at > startAt + horizonMs) return false;
  throw new Error(`The oracle cannot judge task ${label}: it expires at ${new Date(at).toISOString()}, after its soonest start ${new Date(start).toISOString()} and within the horizon, so whether it runs depends on timing`);
}

function isPlain(node: CanvasNode): boolean {
  return node.links.length === 0 && node.errbacks.length === 0 && Object.keys(node.options).length === 0;
}
