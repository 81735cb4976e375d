import type { Canvas } from '../../canvas/canvas.js';
import type { CanvasNode } from '../../canvas/node.js';
import type { Signature } from '../../canvas/signature.js';

/** What a task finds in front of its `args` when it receives something: a result, a failure description, the apply input. */
export type Received = 'result' | 'failure' | 'input';

/** One task signature of a canvas, where it is, and whether it will receive its parent's result. */
export interface TaskSite {
  readonly signature: Signature;
  /** JSON pointer of the node in document terms (`''` for the root, `/chain/1`, `/chord/body`, `/group/0/link/0`). */
  readonly path: string;
  /**
   * Whether the task's first argument is handed to it rather than written in `args`. Always false for an
   * immutable signature. `'unknown'` for an entry task when it is not known whether apply gets an input.
   */
  readonly receivesParentResult: boolean | 'unknown';
  /** What it receives, when it does. */
  readonly receives: Received;
}

export interface WalkOptions {
  /** Whether `apply` gives the entry tasks an input; leave it out when that is not known. */
  readonly input?: boolean;
}

interface Frame {
  readonly node: CanvasNode;
  readonly path: string;
  /** What the node hands its entry tasks; undefined for nothing. */
  readonly inbound: { readonly receives: Received; readonly certain: boolean | 'unknown' } | undefined;
}

const result = { receives: 'result', certain: true } as const;
const failure = { receives: 'failure', certain: true } as const;

/**
 * Every task signature of a canvas, in document order, links and errbacks included, as the engine will run
 * it: a chain's later steps, a chord's body and a link receive the result before them; an errback receives
 * the failure description; a chain's first step, a group's members and a chord's header members receive
 * whatever their canvas receives. The canvas is walked as written (not normalized), so paths are the document's.
 * @example
 * [...walkTasks(chain(add.s(2, 2), mul.s(8)))].map((s) => [s.path, s.receivesParentResult]) // [['/chain/0', false], ['/chain/1', true]]
 */
export function* walkTasks(canvas: Canvas, options: WalkOptions = {}): Generator<TaskSite> {
  const entry = options.input === false ? undefined : ({ receives: 'input', certain: options.input ?? 'unknown' } as const);
  // An explicit stack, so a canvas built in code however deep cannot overflow the call stack.
  const stack: Frame[] = [{ node: canvas, path: '', inbound: entry }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const node = frame.node as Canvas;
    const { path, inbound } = frame;
    const below: Frame[] = [];
    switch (node.kind) {
      case 'task':
        yield {
          signature: node,
          path,
          receivesParentResult: node.immutable || inbound === undefined ? false : inbound.certain,
          receives: inbound?.receives ?? 'result',
        };
        break;
      case 'chain':
        node.steps.forEach((step, i) => below.push({ node: step, path: `${path}/chain/${i}`, inbound: i === 0 ? inbound : result }));
        break;
      case 'group':
        node.members.forEach((member, i) => below.push({ node: member, path: `${path}/group/${i}`, inbound }));
        break;
      case 'chord':
        node.header.forEach((member, i) => below.push({ node: member, path: `${path}/chord/header/${i}`, inbound }));
        below.push({ node: node.body, path: `${path}/chord/body`, inbound: result });
        break;
    }
    node.links.forEach((link, i) => below.push({ node: link, path: `${path}/link/${i}`, inbound: result }));
    node.errbacks.forEach((errback, i) => below.push({ node: errback, path: `${path}/linkError/${i}`, inbound: failure }));
    for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]!);
  }
}
