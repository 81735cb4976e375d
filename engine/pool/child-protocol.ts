import type { Json } from '../../canvas/json.js';
import type { FailureData } from '../ports/outcome.js';
import type { PoolJob } from './handler-pool.js';

/** A job as it crosses to a child: everything but the worker-side store. */
export type WireJob = Omit<PoolJob, 'once'>;

/** What a child needs to start: the module that exports the app, and the payload limit to enforce. */
export interface ChildInit {
  /** A file URL. */
  readonly module: string;
  readonly maxPayloadBytes?: number;
}

export type ToChild =
  | { readonly type: 'run'; readonly id: number; readonly job: WireJob }
  | { readonly type: 'abort'; readonly id: number }
  /** The parent's answer to a `once` call of attempt `id`: the value stored under the key, if any. */
  | { readonly type: 'onceReply'; readonly id: number; readonly call: number; readonly stored?: { readonly value: Json }; readonly error?: string };

/** An attempt's end as data; a replacement canvas travels as its JSON document. */
export type WireResult =
  | { readonly ok: true; readonly value: Json }
  | { readonly ok: false; readonly failure: FailureData; readonly retryDelay?: number }
  | { readonly ok: 'replaced'; readonly document: Json };

export type FromChild =
  | { readonly type: 'ready' }
  | { readonly type: 'loadFailed'; readonly message: string }
  | { readonly type: 'done'; readonly id: number; readonly result: WireResult }
  /** `ctx.once` in a child: read, or record first-write-wins, a value in the worker's store (attempt `id`). */
  | { readonly type: 'once'; readonly id: number; readonly call: number; readonly op: 'read' | 'record'; readonly workflowId: string; readonly key: string; readonly value?: Json }
  /** Sent just before the child exits because of an error no code caught. */
  | { readonly type: 'crash'; readonly text: string; readonly stack?: string };

/** The environment variable that carries a process child's `ChildInit`, as JSON. */
export const childInitEnv = 'CELERIAC_POOL_CHILD';
