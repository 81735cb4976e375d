import type { Canvas } from '../../../canvas/canvas.js';
import type { Json } from '../../../canvas/json.js';
import type { CanvasNode } from '../../../canvas/node.js';
import { attemptModel, type Behaviour } from './behaviours.js';

/**
 * The oracle: a canvas's expected outcome computed directly from API.md's rules, sequentially and with no
 * engine code. Which member of a group fails first depends on timing, so a failure is given as the set of
 * outcomes it may legitimately be: `<error type>#<label of the task that threw>`. Of the task options the
 * generated canvases set, only `retries` changes an outcome: countdown, eta, priority, queue, backoff and rate
 * limits change when and where a task runs, and the generated handlers return at once, under any time limit.
 */
export type Expected = { readonly status: 'SUCCESS'; readonly value: Json } | { readonly status: 'FAILURE'; readonly possible: ReadonlySet<string> };

type Input = { readonly value: Json } | undefined;
type Result = { readonly ok: true; readonly value: Json } | { readonly ok: false; readonly causes: ReadonlyArray<{ type: string; label: number }> };

export function interpret(canvas: Canvas): Expected {
  const result = evaluate(canvas, undefined);
  return result.ok ? { status: 'SUCCESS', value: result.value } : { status: 'FAILURE', possible: new Set(result.causes.map((c) => `${c.type}#${c.label}`)) };
}

function evaluate(node: CanvasNode, input: Input): Result {
  const canvas = node as Canvas;
  switch (canvas.kind) {
    case 'task':
      return runTask(canvas.task as Behaviour, canvas.args, canvas.immutable, canvas.options.retries ?? 0, input);
    case 'group':
      return join(canvas.members.map((m) => evaluate(m, input)), 'member');
    case 'chord':
      return chordOf(canvas.header, canvas.body, input);
    case 'chain': {
      let current = input;
      let last: Result | undefined;
      for (let i = 0; i < canvas.steps.length; i++) {
        const step = canvas.steps[i]!;
        const next = canvas.steps[i + 1];
        // API.md: inside a chain, a group followed by a step behaves as a chord with that step as its body.
        if (next !== undefined && step.kind === 'group' && isPlain(step)) {
          last = chordOf((step as Canvas & { kind: 'group' }).members, next, current);
          i++;
        } else {
          last = evaluate(step, current);
        }
        if (!last.ok) return last;
        current = { value: last.value };
      }
      return last!;
    }
  }
}

function chordOf(header: readonly CanvasNode[], body: CanvasNode, input: Input): Result {
  const parts = join(header.map((m) => evaluate(m, input)), 'header');
  return parts.ok ? evaluate(body, { value: parts.value }) : parts;
}

/** All members succeed: their values in member order. Otherwise any failing member may be the one reported. */
function join(results: Result[], role: 'member' | 'header'): Result {
  const failed = results.filter((r): r is Result & { ok: false } => !r.ok);
  if (failed.length === 0) return { ok: true, value: results.map((r) => (r as { value: Json }).value) };
  const causes = failed.flatMap((f) => f.causes);
  return { ok: false, causes: role === 'header' ? causes.map((c) => ({ ...c, type: 'ChordError' })) : causes };
}

function runTask(behaviour: Behaviour, args: readonly Json[], immutable: boolean, retries: number, input: Input): Result {
  const full = input !== undefined && !immutable ? [input.value, ...args] : [...args];
  let last: Result | undefined;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    const model = attemptModel(behaviour, full, attempt);
    if (model.ok) return { ok: true, value: model.value };
    last = { ok: false, causes: [{ type: 'TaskError', label: Number(full[full.length - 1]) }] };
  }
  return last!;
}

function isPlain(node: CanvasNode): boolean {
  return node.links.length === 0 && node.errbacks.length === 0 && Object.keys(node.options).length === 0;
}
