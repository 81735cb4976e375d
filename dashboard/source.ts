import type { NodeSnapshot } from '../engine/async-result.js';
import type { TaskState } from '../engine/ports/outcome.js';
import type { ActiveRow, Capability, QueueRow, WorkerRow, WorkflowPage } from './wire.js';

/** A workflow as the app's public API reads it: its state and every node (`AsyncResult.state()` and `.nodes()`). */
export interface WorkflowSnapshot {
  readonly id: string;
  readonly state: TaskState;
  readonly nodes: readonly NodeSnapshot[];
}

export interface WorkflowQuery {
  readonly state?: TaskState;
  readonly task?: string;
  readonly since?: Date;
  readonly limit?: number;
  readonly cursor?: string;
}

/** An event of the app's cluster-wide stream, in the fields the dashboard reads. */
export interface SourceEvent {
  readonly type: string;
  readonly at: number;
  readonly workflowId?: string;
  readonly nodeId?: string;
  readonly taskName?: string;
  readonly attempt?: number;
  readonly workerId?: string;
  readonly hostname?: string;
  readonly runtimeMs?: number;
  readonly error?: { readonly type: string; readonly message: string; readonly stack?: string };
}

/**
 * Everything the dashboard needs from an app, and nothing more: the server is written against this, and
 * `appSource` implements it over the app's public methods. A capability the app does not offer is left out
 * (undefined): the API then answers 501 saying so, and the page hides what needs it.
 */
export interface DashboardSource {
  readonly driver: string;
  /** The workflow's state and nodes, or undefined when unknown (never applied, or its results expired). */
  snapshot(id: string): Promise<WorkflowSnapshot | undefined>;
  /** Cancels what has not run; with `terminate`, also aborts running handlers. */
  revoke(id: string, options: { terminate: boolean }): Promise<void>;
  readonly terminate?: true;
  /** The cluster-wide event stream, one subscription per server. Without it the server polls the workflows that pages watch. */
  readonly events?: (signal: AbortSignal) => AsyncIterable<SourceEvent>;
  readonly workflows?: (query: WorkflowQuery) => Promise<WorkflowPage>;
  readonly workers?: () => Promise<readonly WorkerRow[]>;
  readonly active?: () => Promise<readonly ActiveRow[]>;
  readonly queues?: () => Promise<readonly QueueRow[]>;
  readonly retry?: (id: string) => Promise<void>;
  readonly purge?: (queue: string) => Promise<void>;
  readonly pause?: (queue: string) => Promise<void>;
  readonly resume?: (queue: string) => Promise<void>;
}

/** Which optional parts a source has. */
export function capabilitiesOf(source: DashboardSource): Record<Capability, boolean> {
  return {
    events: source.events !== undefined,
    workflows: source.workflows !== undefined,
    workers: source.workers !== undefined,
    active: source.active !== undefined,
    queues: source.queues !== undefined,
    terminate: source.terminate === true,
    retry: source.retry !== undefined,
    purge: source.purge !== undefined,
    pause: source.pause !== undefined && source.resume !== undefined,
  };
}
