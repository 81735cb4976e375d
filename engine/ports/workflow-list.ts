import type { Plan, PlannedNode } from '../../canvas/plan.js';
import type { Outcome, TaskState } from './outcome.js';

/** The node whose own error failed a workflow. */
export interface FailedNode {
  readonly nodeId: string;
  readonly taskName?: string;
  /** The thrown error's name (`TypeError`, `ChordError`...). */
  readonly errorType: string;
  readonly message: string;
}

/** One workflow as `app.workflows()` lists it. */
export interface WorkflowSummary {
  readonly id: string;
  readonly state: TaskState;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Epoch ms; absent until it ends. */
  readonly endedAt?: number;
  /** Its root task's name, or the kind of its root canvas and its first task (`chain(add, ...)`). */
  readonly name?: string;
  readonly failedNode?: FailedNode;
}

export interface WorkflowQuery {
  readonly state?: TaskState;
  /** Workflows with at least one task of this name. */
  readonly task?: string;
  /** Epoch ms: workflows created at or after it. */
  readonly since?: number;
  readonly limit: number;
  /** From a previous page's `next`. */
  readonly cursor?: string;
}

export interface WorkflowPage {
  /** Newest first. */
  readonly items: readonly WorkflowSummary[];
  /** Give it back as `cursor` for the next page; absent on the last one. */
  readonly next?: string;
}

/**
 * A store that lists its workflows, newest first, filtered by state, task and creation time, a page at a time.
 * Each call costs a bounded amount of work: a page may hold fewer than `limit` items and still have a `next`.
 *
 * Does not promise: a consistent snapshot across pages (workflows created meanwhile appear on the first page
 * only), or workflows whose results have expired.
 */
export interface WorkflowLister {
  listWorkflows(query: WorkflowQuery): Promise<WorkflowPage>;
}

export function isWorkflowLister(store: object): store is WorkflowLister {
  return typeof (store as Partial<WorkflowLister>).listWorkflows === 'function';
}

/** The name a workflow is listed under: its root task's, else its root's kind and first task. */
export function workflowName(plan: Plan): string | undefined {
  const root = plan.nodes[plan.root];
  if (!root) return undefined;
  if (root.kind === 'task') return root.task;
  let node: PlannedNode = root;
  while (node.kind !== 'task') {
    const first: string | undefined = node.children[0];
    const child: PlannedNode | undefined = first === undefined ? undefined : plan.nodes[first];
    if (!child) return `${root.kind}()`;
    node = child;
  }
  return `${root.kind}(${node.task}, ...)`;
}

/** The distinct task names of a plan, the index a task filter reads. */
export function taskNames(plan: Plan): string[] {
  const names = new Set<string>();
  for (const node of Object.values(plan.nodes)) if (node.kind === 'task') names.add(node.task);
  return [...names].sort();
}

/** Where a failed workflow failed, from its outcome. */
export function failedNodeOf(outcome: Outcome | undefined): FailedNode | undefined {
  if (outcome?.status !== 'FAILURE') return undefined;
  // A ChordError wraps the member's failure as its cause (and so on, for nested chords): the task is at the end.
  let failure = outcome.failure;
  while (failure.cause) failure = failure.cause;
  const nodeId = failure.nodeId ?? outcome.failure.failedMember?.nodeId ?? outcome.failure.nodeId;
  if (nodeId === undefined) return undefined;
  const taskName = failure.taskName ?? outcome.failure.failedMember?.taskName;
  return { nodeId, ...(taskName !== undefined ? { taskName } : {}), errorType: failure.errorName ?? failure.type, message: failure.message };
}

/** A cursor: the last item's creation time and id, as the newest-first order sorts them. */
export function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof createdAt === 'number' && typeof id === 'string') return { createdAt, id };
  } catch {
    // Falls through to the error below.
  }
  throw new TypeError(`Expected \`cursor\` to be a \`next\` value from an earlier page, got \`${cursor}\``);
}
