/**
 * The Redis keys of one workflow. The workflow id is a hash tag (`{id}`), so all of a workflow's keys share a
 * cluster slot and one script may touch any of them. (A prefix with its own hash tag wins: Redis hashes the first
 * `{...}`, so every workflow then shares the prefix's slot, which is still correct.)
 */
export interface WorkflowKeys {
  /** String: the plan as JSON. */
  readonly plan: string;
  /**
   * Hash: the workflow's own fields (`state`, `outcome` JSON, `revoked` '1', `run`, `createdAt`, `name`,
   * `endedAt`) and every node's, by prefix (see `nodeFields`): one key per workflow to create, expire and refresh.
   */
  readonly meta: string;
  /** Hash: `ctx.once` key → value JSON. */
  readonly once: string;
  /** Hash: member index → value JSON, one per join (group or chord header). */
  parts(joinId: string): string;
}

export function workflowKeys(prefix: string, workflowId: string): WorkflowKeys {
  const base = `${prefix}:wf:{${workflowId}}`;
  return {
    plan: `${base}:plan`,
    meta: `${base}:meta`,
    once: `${base}:once`,
    parts: (joinId) => `${base}:parts:${joinId}`,
  };
}

/**
 * A node's fields in its workflow's hash: outcome JSON, state, highest attempt begun. Node ids start with the
 * root's id (`r`), so a node's field is never one of the workflow's own.
 */
export const nodeFields = {
  outcome: (nodeId: string) => `o:${nodeId}`,
  state: (nodeId: string) => `s:${nodeId}`,
  attempt: (nodeId: string) => `a:${nodeId}`,
} as const;

/** The prefix of every node's outcome field (see `nodeFields`). */
export const outcomeFieldPrefix = 'o:';

/** The channel on which each workflow's end is published on one Redis: its id and its outcome (see finishWorkflow's header). */
export function finishedChannel(prefix: string): string {
  return `${prefix}:finished`;
}

/**
 * On a cluster, each workflow's end goes to a channel of its own in the workflow's slot, over sharded pub/sub
 * (SPUBLISH): a script may only publish to its keys' slot, and a sharded message reaches only that shard's
 * nodes instead of every node of the cluster. A waiter subscribes (SSUBSCRIBE) to the workflows it waits for.
 */
export function workflowFinishedChannel(prefix: string, workflowId: string): string {
  return `${prefix}:finished:{${workflowId}}`;
}

export function rateKey(prefix: string, key: string): string {
  return `${prefix}:rate:${key}`;
}

/** The app's event stream: one per prefix, shared by every process on it. */
export function eventsKey(prefix: string): string {
  return `${prefix}:events`;
}

/**
 * The base of the app-wide keys that one command or MULTI touches together (the worker registry's, the
 * workflow index's): on a cluster they share the prefix's slot through a `{prefix}` hash tag, as every key of
 * a MULTI, an MGET or a pipeline must; on one Redis the prefix as it is. A prefix that starts with its own hash
 * tag already keeps them in one slot.
 */
export function sharedSlotBase(prefix: string, cluster: boolean): string {
  return cluster && !prefix.startsWith('{') ? `{${prefix}}` : prefix;
}

/** Sorted set: worker id → epoch ms its record expires; each record is `workerKey`, with the same expiry. */
export function workersKey(prefix: string): string {
  return `${prefix}:workers`;
}

export function workerKey(prefix: string, workerId: string): string {
  return `${prefix}:worker:${workerId}`;
}

/**
 * The workflow index of `app.workflows()`: sorted sets of workflow ids scored by creation time (epoch ms). `all`
 * holds every workflow, `task(name)` those with a task of that name, `state(s)` those that ended FAILURE or
 * REVOKED. Entries are trimmed once older than any workflow's keys can live, and dropped when found expired.
 */
export const workflowIndexKeys = (prefix: string) => ({
  all: `${prefix}:wfindex`,
  task: (name: string) => `${prefix}:wfindex:task:${name}`,
  state: (state: string) => `${prefix}:wfindex:state:${state}`,
});

/** The channel on which revokes with `terminate` are broadcast to every worker process of the app. */
export function cancelChannel(prefix: string): string {
  return `${prefix}:cancel`;
}

/**
 * Hash: worker id → the options it registered for task `name` (see redis-task-catalog.ts). Every catalog key of
 * the app carries one hash tag, so a publish or a lookup of many names is one pipeline on one Redis Cluster slot
 * (a pipeline across slots is refused). A prefix with its own hash tag wins, which is still one slot.
 */
export function catalogKey(prefix: string, name: string): string {
  return `${prefix}:catalog:{${prefix}:catalog}:${name}`;
}
