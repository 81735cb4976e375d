import type { Canvas } from './canvas.js';
import type { Json } from './json.js';
import type { CanvasNode } from './node.js';
import { parseRateLimit, type Backoff, type StoredOptions } from './options.js';

/** Why a node is where it is in its workflow. Links and errbacks are detached roots: their outcome never reaches a parent. */
export type NodeRole = 'root' | 'step' | 'member' | 'header' | 'body' | 'link' | 'errback';

/** Options of one task node after inheritance and defaults: what a worker needs, in absolute units. */
export interface ResolvedTaskOptions {
  readonly retries: number;
  readonly backoff: Backoff | null;
  /** Epoch ms after which the task, if not started, ends REVOKED. */
  readonly expiresAt: number | null;
  readonly timeout: number | null;
  readonly priority: number | null;
  readonly queue: string;
  readonly rateLimit: { readonly max: number; readonly perMs: number } | null;
  /** Error names that are retried; absent, every error is (plans leave it out unless set, so they stay small). */
  readonly retryOn?: readonly string[];
}

interface PlannedBase {
  readonly id: string;
  readonly parent: string | null;
  /** Position among the parent's children (step, member or header index); 0 for roots and bodies. */
  readonly index: number;
  readonly role: NodeRole;
  /** For link and errback roots: the node whose outcome triggers them. */
  readonly trigger: string | null;
  readonly links: readonly string[];
  readonly errbacks: readonly string[];
  /** Milliseconds to wait from when the node is started (countdown). */
  readonly countdown: number | null;
  /** Epoch ms before which the node's tasks do not start (eta). */
  readonly eta: number | null;
}

export interface PlannedTask extends PlannedBase {
  readonly kind: 'task';
  readonly task: string;
  readonly args: readonly Json[];
  readonly immutable: boolean;
  readonly options: ResolvedTaskOptions;
}

export interface PlannedChain extends PlannedBase {
  readonly kind: 'chain';
  readonly children: readonly string[];
}

export interface PlannedGroup extends PlannedBase {
  readonly kind: 'group';
  readonly children: readonly string[];
}

export interface PlannedChord extends PlannedBase {
  readonly kind: 'chord';
  /** The header members. */
  readonly children: readonly string[];
  readonly body: string;
}

export type PlannedNode = PlannedTask | PlannedChain | PlannedGroup | PlannedChord;

/** A workflow ready to run: every node with its id, parent and index, as plain JSON. Messages refer to nodes by id. */
export interface Plan {
  readonly workflowId: string;
  readonly root: string;
  readonly createdAt: number;
  readonly nodes: Readonly<Record<string, PlannedNode>>;
  /** The value given to the entry tasks at apply time, kept so a recovery can start the workflow again. */
  readonly input?: Json;
  /** For a workflow that replaces a task (`ctx.replace`): the task whose result this workflow's result becomes. */
  readonly continuation?: { readonly workflowId: string; readonly nodeId: string };
  /** For a workflow applied under an id of the caller's choice: a digest of its canvas and input, so applying another canvas under that id is caught. */
  readonly fingerprint?: string;
  /**
   * The trace the applying process recorded the workflow in, when it had a tracer provider: the ids of the
   * workflow's span and of each chain, group and chord's span, so any process sending one of its tasks can name
   * the task's parent span in the message.
   */
  readonly trace?: PlanTrace;
}

/** Span ids (16 hex digits) of a workflow's trace (32 hex digits), by node id for its chains, groups and chords. */
export interface PlanTrace {
  readonly traceId: string;
  readonly traceFlags: number;
  readonly workflowSpan: string;
  readonly spans: Readonly<Record<string, string>>;
}

export interface PlanContext {
  readonly workflowId: string;
  /** Epoch ms of apply time, to turn `expires` into an absolute time. */
  readonly now: number;
  /** A registered task's default options, if the applying process knows the task. */
  readonly taskDefaults?: (task: string) => StoredOptions | undefined;
}

export const ROOT_ID = 'r';

/**
 * Assigns every node of a (normalized) canvas an id, its parent, its index and its resolved options,
 * without changing the canvas (Celery's `freeze`, without the mutation). Pure: same input, same plan.
 */
export function plan(canvas: Canvas, context: PlanContext): Plan {
  const nodes: Record<string, PlannedNode> = Object.create(null);
  visit(canvas, { id: ROOT_ID, parent: null, index: 0, role: 'root', trigger: null }, [], nodes, context);
  return { workflowId: context.workflowId, root: ROOT_ID, createdAt: context.now, nodes };
}

interface Place {
  readonly id: string;
  readonly parent: string | null;
  readonly index: number;
  readonly role: NodeRole;
  readonly trigger: string | null;
}

function visit(node: CanvasNode, place: Place, inherited: readonly StoredOptions[], out: Record<string, PlannedNode>, context: PlanContext): void {
  const canvas = node as Canvas;
  const links = canvas.links.map((_, i) => `${place.id}.l${i}`);
  const errbacks = canvas.errbacks.map((_, i) => `${place.id}.e${i}`);
  const base = {
    ...place,
    links,
    errbacks,
    countdown: canvas.options.countdown ?? null,
    eta: canvas.options.eta === undefined ? null : Date.parse(canvas.options.eta),
  };
  const scope = [canvas.options, ...inherited];
  switch (canvas.kind) {
    case 'task':
      out[place.id] = {
        ...base,
        kind: 'task',
        task: canvas.task,
        args: canvas.args,
        immutable: canvas.immutable,
        options: resolve([...scope, context.taskDefaults?.(canvas.task) ?? {}], context.now),
      };
      break;
    case 'chain':
    case 'group': {
      const children = canvas.kind === 'chain' ? canvas.steps : canvas.members;
      const ids = children.map((_, i) => `${place.id}.${i}`);
      out[place.id] = { ...base, kind: canvas.kind, children: ids };
      const role = canvas.kind === 'chain' ? 'step' : 'member';
      children.forEach((child, i) => visit(child, { id: ids[i]!, parent: place.id, index: i, role, trigger: null }, scope, out, context));
      break;
    }
    case 'chord': {
      const ids = canvas.header.map((_, i) => `${place.id}.${i}`);
      const body = `${place.id}.b`;
      out[place.id] = { ...base, kind: 'chord', children: ids, body };
      canvas.header.forEach((child, i) => visit(child, { id: ids[i]!, parent: place.id, index: i, role: 'header', trigger: null }, scope, out, context));
      visit(canvas.body, { id: body, parent: place.id, index: 0, role: 'body', trigger: null }, scope, out, context);
      break;
    }
  }
  // Callbacks are detached roots: they inherit nothing from the node they follow.
  canvas.links.forEach((cb, i) => visit(cb, { id: links[i]!, parent: null, index: i, role: 'link', trigger: place.id }, [], out, context));
  canvas.errbacks.forEach((eb, i) => visit(eb, { id: errbacks[i]!, parent: null, index: i, role: 'errback', trigger: place.id }, [], out, context));
}

/** The first scope (nearest first) that sets an option wins. */
function resolve(scopes: readonly StoredOptions[], now: number): ResolvedTaskOptions {
  const pick = <K extends keyof StoredOptions>(key: K): StoredOptions[K] | undefined => scopes.find((s) => s[key] !== undefined)?.[key];
  const expires = pick('expires');
  const rate = pick('rateLimit');
  const retryOn = pick('retryOn');
  return {
    retries: pick('retries') ?? 0,
    backoff: pick('backoff') ?? null,
    expiresAt: expires === undefined ? null : typeof expires === 'number' ? now + expires : Date.parse(expires),
    timeout: pick('timeout') ?? null,
    priority: pick('priority') ?? null,
    queue: pick('queue') ?? 'default',
    rateLimit: rate === undefined ? null : (parseRateLimit(rate) ?? null),
    ...(retryOn === undefined ? {} : { retryOn }),
  };
}

/** Every node below `id` (not `id` itself, not detached callbacks), in plan order. */
export function descendants(p: Plan, id: string): string[] {
  const out: string[] = [];
  const walk = (nodeId: string) => {
    const node = p.nodes[nodeId];
    if (!node || node.kind === 'task') return;
    const below = node.kind === 'chord' ? [...node.children, node.body] : node.children;
    for (const child of below) {
      out.push(child);
      walk(child);
    }
  };
  walk(id);
  return out;
}

export function getNode(p: Plan, id: string): PlannedNode {
  const node = p.nodes[id];
  if (!node) throw new Error(`Node '${id}' is not part of workflow ${p.workflowId}`);
  return node;
}
