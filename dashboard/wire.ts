/**
 * The dashboard's JSON API as types: what the server sends and the browser reads. Plain data only, imported by
 * both sides (the UI imports nothing else of the package), so the two cannot drift apart.
 */

export type NodeState = 'PENDING' | 'STARTED' | 'RETRY' | 'SUCCESS' | 'FAILURE' | 'REVOKED';

/** An error as the dashboard shows it: from a node's committed failure or a `task-failed` event. */
export interface ErrorView {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
}

/** One attempt of a task as seen in events: when it started, how long it ran, where, and how it ended. */
export interface AttemptView {
  readonly attempt: number;
  readonly startedAt?: number;
  readonly runtimeMs?: number;
  readonly workerId?: string;
  readonly hostname?: string;
  readonly state: NodeState;
  readonly error?: ErrorView;
}

/** A task of the graph. Nodes of a workflow that replaced a task (`ctx.replace`) carry ids `<task id>~<their id>`. */
export interface GraphNode {
  readonly id: string;
  readonly taskName: string;
  readonly state: NodeState;
  /** Attempts begun (0 before the first). */
  readonly attempt: number;
  /** The innermost chain, group or chord holding this task, or null for a lone task. */
  readonly parent: string | null;
  /** `link` and `errback` for callbacks; `step`, `member`, `header`, `body` or `root` otherwise. */
  readonly role: string;
  /** For a node of a replacement: the task it replaced. */
  readonly replaces?: string;
  /** How long its last attempt ran, when the event stream told. */
  readonly runtimeMs?: number;
}

/** A chain, group or chord of the canvas, for grouping nodes on the page (large groups collapse). */
export interface GraphContainer {
  readonly id: string;
  readonly kind: 'chain' | 'group' | 'chord';
  readonly parent: string | null;
  /** Direct children, in order (for a chord: header members, then the body last). */
  readonly children: readonly string[];
}

/**
 * How data flows: `next` from a chain step to the following one, `join` from a chord header member to its
 * body, `link` / `errback` to a callback, `replace` into (and out of) the canvas that replaced a task.
 */
export type EdgeKind = 'next' | 'join' | 'link' | 'errback' | 'replace';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
}

/** `GET /api/workflows/:id`. */
export interface WorkflowGraph {
  readonly id: string;
  readonly state: NodeState;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly containers: readonly GraphContainer[];
  /** Points where many-to-many edges meet (a group of 100 into a group of 100 draws 200 edges, not 10,000). */
  readonly junctions: readonly string[];
}

/** `GET /api/workflows/:id/nodes/:nodeId`: everything about one task. */
export interface NodeDetail extends GraphNode {
  readonly workflowId: string;
  readonly args?: readonly unknown[];
  readonly result?: unknown;
  readonly error?: ErrorView;
  /** True when the outcome was written because of another node's end (the task never ran). */
  readonly cascaded?: boolean;
  readonly attempts: readonly AttemptView[];
}

/** One row of `GET /api/workflows`. */
export interface WorkflowRow {
  readonly id: string;
  readonly state: NodeState;
  readonly createdAt: number;
  readonly endedAt?: number;
  readonly name?: string;
  readonly failedNode?: unknown;
}

export interface WorkflowPage {
  readonly items: readonly WorkflowRow[];
  readonly next?: string;
}

export interface WorkerRow {
  readonly id: string;
  readonly hostname?: string;
  readonly pid?: number;
  readonly queues?: readonly string[];
  readonly concurrency?: number;
  readonly active?: number;
  readonly processed?: number;
  readonly startedAt?: number;
  readonly lastHeartbeatAt?: number;
}

/** A task running now (`GET /api/active`). */
export interface ActiveRow {
  readonly workflowId: string;
  readonly nodeId: string;
  readonly taskName: string;
  readonly attempt: number;
  readonly workerId: string;
  readonly startedAt: number;
}

export interface QueueRow {
  readonly name: string;
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly paused: boolean;
}

/** `GET /api/meta`: what this app offers, so the page shows only the actions that work. */
export interface DashboardMeta {
  readonly driver: string;
  readonly capabilities: Readonly<Record<Capability, boolean>>;
}

export type Capability = 'events' | 'workflows' | 'workers' | 'active' | 'queues' | 'terminate' | 'retry' | 'purge' | 'pause';

/** A node whose state changed, as sent live. */
export interface NodeChange {
  readonly id: string;
  readonly state: NodeState;
  readonly attempt: number;
  readonly runtimeMs?: number;
}

/**
 * One server-sent message (`GET /api/events`), sent at most every tick (250 ms) whatever the event rate:
 * `graph` when a watched workflow changed (its changed nodes; `reload` when nodes appeared, e.g. a replacement),
 * `events` with the raw events of the tick (for lists).
 */
export type LiveMessage =
  | { readonly type: 'graph'; readonly workflowId: string; readonly state: NodeState; readonly changes: readonly NodeChange[]; readonly reload: boolean }
  | { readonly type: 'events'; readonly events: readonly LiveEvent[] };

/** An event of the cluster stream, as the page gets it (the fields it uses). */
export interface LiveEvent {
  readonly type: string;
  readonly at: number;
  readonly workflowId?: string;
  readonly nodeId?: string;
  readonly taskName?: string;
  readonly workerId?: string;
}

/** Error body of every failed API call. */
export interface ApiError {
  readonly error: string;
}
