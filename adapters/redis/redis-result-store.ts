import type { Json } from '../../canvas/json.js';
import type { Plan } from '../../canvas/plan.js';
import type { Outcome, TaskState } from '../../engine/ports/outcome.js';
import type { BeginResult, CommitResult, JoinSlot, Logger, NodeRecord, RateLimiter, ResultStore, RevokeResult, WorkflowRecord } from '../../engine/ports/index.js';
import { silentLogger } from '../../engine/ports/index.js';
import { logOnce } from '../support/log-once.js';
import type { OutcomeWaiters } from '../support/outcome-waiters.js';
import type { Connect, Connection } from './connection.js';
import { finishedChannel, nodeFields, outcomeFieldPrefix, rateKey, workflowFinishedChannel, workflowKeys, type WorkflowKeys } from './keys.js';
import { decodeOutcome, encodeOutcome } from './outcome-codec.js';
import { outcomeWaiters } from './outcome-waiters.js';
import { defineScripts, type RunScript, type ScriptName } from './scripts.js';
import { workflowName, type WorkflowLister, type WorkflowPage, type WorkflowQuery } from '../../engine/ports/workflow-list.js';
import { WorkflowIndex } from './workflow-index.js';

export interface RedisResultStoreOptions {
  /**
   * Opens a new connection; the store opens one for commands and, on first wait, one to subscribe. Commands
   * wait for it to be ready at most its `connectTimeoutMs`, then fail with `UNAVAILABLE`.
   */
  readonly connect: Connect;
  /** Every key starts with it. */
  readonly prefix: string;
  /**
   * How long a workflow's results are kept after it ended (finished or revoked); its keys get that plus a
   * grace when it is created, never a refresh per task. Must exceed the longest time a workflow runs (see the
   * class doc).
   */
  readonly resultTtlSeconds: number;
  /** Where connection errors are reported, each distinct one once. @default silentLogger */
  readonly logger?: Logger;
}

/**
 * The result store on Redis. Each transition is one Lua script (see `lua/`), so it is atomic and costs one
 * round trip: a task costs `beginAttempt` and `commitOutcome`, nothing else, and a single-task workflow's
 * `commitOutcome` also ends it. A workflow is a plan string and one hash holding its own fields and every
 * node's (see `createWorkflow-2.lua`); its keys share a hash tag.
 *
 * Retention: `resultTtlSeconds` must exceed the longest time a workflow runs, from `createWorkflow` to its end.
 * A workflow's two keys get `resultTtlSeconds` plus a grace (`endGraceSeconds`) when it is created, and when
 * it ends (finished or revoked) their TTL is raised back to `resultTtlSeconds` only if less is left, so its
 * results are kept at least `resultTtlSeconds` after the end (at most the grace more), and a workflow that
 * ends within the grace costs no EXPIRE at all; the per-task scripts never refresh it. A workflow still
 * running when its keys expire loses its plan, state and results (a worker that has not cached the plan drops
 * its messages); a script that then writes to it finds its hash without `state` and gives it a TTL itself, so
 * no key is kept for ever. A join's parts hash gets its TTL with its first part and is never refreshed: parts
 * are only needed until the join completes, so they expire `resultTtlSeconds` after it.
 */
export class RedisResultStore implements ResultStore, RateLimiter, WorkflowLister {
  readonly #connection: Connection;
  readonly #run: Readonly<Record<ScriptName, RunScript>>;
  readonly #waiters: OutcomeWaiters;
  readonly #prefix: string;
  readonly #ttl: number;
  readonly #channel: string;
  readonly #index: WorkflowIndex;
  readonly #cluster: boolean;

  constructor(options: RedisResultStoreOptions) {
    this.#prefix = options.prefix;
    this.#ttl = options.resultTtlSeconds;
    this.#channel = finishedChannel(options.prefix);
    this.#cluster = options.connect.cluster;
    this.#connection = options.connect();
    const logger = options.logger ?? silentLogger;
    this.#connection.redis.on('error', logOnce(logger, 'result store'));
    this.#run = defineScripts(this.#connection.redis);
    this.#index = new WorkflowIndex(() => this.#connection.redis, options.prefix, options.resultTtlSeconds, this.#cluster);
    const channels = this.#cluster ? { sharded: (id: string) => workflowFinishedChannel(this.#prefix, id) } : { shared: this.#channel };
    this.#waiters = outcomeWaiters(options.connect, channels, async (id) => (await this.readWorkflow(id))?.outcome, logger);
  }

  async createWorkflow(plan: Plan): Promise<void> {
    const keys = this.keys(plan.workflowId);
    const args = [planBytes(plan), this.#ttl, plan.createdAt, workflowName(plan) ?? '', endGraceSeconds(this.#ttl)];
    // The index goes out with the script, in the same write: no extra round trip.
    await this.send(`create workflow ${plan.workflowId}`, () => Promise.all([this.#run.createWorkflow([keys.plan, keys.meta], args), this.#index.added(plan)]));
  }

  async loadPlan(workflowId: string): Promise<Plan | undefined> {
    const key = this.keys(workflowId).plan;
    const json = await this.send(`load the plan of workflow ${workflowId}`, () => this.#connection.redis.get(key));
    return json === null ? undefined : (JSON.parse(json) as Plan);
  }

  async beginAttempt(workflowId: string, nodeId: string, attempt: number, run = 1): Promise<BeginResult> {
    checkNodeId(nodeId);
    const k = this.keys(workflowId);
    const reply = await this.send(`begin attempt ${attempt} of node ${nodeId} of workflow ${workflowId}`, () => this.#run.beginAttempt([k.meta], [nodeId, attempt, this.#ttl, run]));
    const [kind, outcome] = strings(reply, 'beginAttempt');
    if (kind === 'settled' && outcome !== undefined) return { kind, outcome: decodeOutcome(outcome) };
    if (kind === 'stale') return { kind, run: Number(outcome) };
    if (kind === 'run' || kind === 'revoked') return { kind };
    throw new Error(`Unexpected reply from beginAttempt: ${String(kind)}`);
  }

  async commitOutcome(workflowId: string, nodeId: string, outcome: Outcome, join?: JoinSlot, finish?: Outcome): Promise<CommitResult> {
    checkNodeId(nodeId);
    if (join) checkJoin(join);
    const k = this.keys(workflowId);
    const keys = [k.meta, k.parts(join?.joinId ?? ''), k.plan];
    const args = [nodeId, encodeOutcome(outcome), this.#ttl, join ? join.index : '', join ? join.size : 0, finish ? encodeOutcome(finish) : '', ...this.publishing(workflowId)];
    const reply = await this.send(`commit the outcome of node ${nodeId} of workflow ${workflowId}`, () => this.#run.commitOutcome(keys, args));
    const [fresh, stored, endedJson, ...parts] = strings(reply, 'commitOutcome');
    if (stored === undefined) throw new Error('Unexpected reply from commitOutcome: no stored outcome');
    const ended = endedJson === undefined ? undefined : decodeOutcome(endedJson);
    if (ended) await this.#index.ended(workflowId, ended.status);
    const result = { outcome: decodeOutcome(stored), fresh: fresh === '1', ...(ended ? { ended } : {}) };
    return join && parts.length === join.size ? { ...result, parts: parts.map((part) => JSON.parse(part ?? 'null') as Json) } : result;
  }

  async settleMany(workflowId: string, nodeIds: readonly string[], outcome: Outcome): Promise<void> {
    if (nodeIds.length === 0) return;
    nodeIds.forEach(checkNodeId);
    const k = this.keys(workflowId);
    const args = [encodeOutcome(outcome), this.#ttl, ...nodeIds];
    await this.send(`settle ${nodeIds.length} node(s) of workflow ${workflowId}`, () => this.#run.settleMany([k.meta], args));
  }

  async markRetrying(workflowId: string, nodeId: string, attempt: number): Promise<void> {
    checkNodeId(nodeId);
    const k = this.keys(workflowId);
    await this.send(`mark node ${nodeId} of workflow ${workflowId} retrying`, () => this.#run.markRetrying([k.meta], [nodeId, attempt, this.#ttl]));
  }

  async finishWorkflow(workflowId: string, outcome: Outcome): Promise<Outcome> {
    const k = this.keys(workflowId);
    const args = [encodeOutcome(outcome), this.#ttl, ...this.publishing(workflowId)];
    const stored = decodeOutcome(String(await this.send(`finish workflow ${workflowId}`, () => this.#run.finishWorkflow([k.meta, k.plan], args))));
    await this.#index.ended(workflowId, stored.status);
    return stored;
  }

  async revokeWorkflow(workflowId: string): Promise<RevokeResult | undefined> {
    const k = this.keys(workflowId);
    const stored = await this.send(`revoke workflow ${workflowId}`, () =>
      this.#run.revokeWorkflow([k.meta, k.plan], [this.#ttl, ...this.publishing(workflowId)]),
    );
    if (stored === null) return undefined;
    const [text, fresh] = stored as [string, number];
    const outcome = decodeOutcome(String(text));
    await this.#index.ended(workflowId, outcome.status);
    return { outcome, fresh: fresh === 1 };
  }

  /** Newest first, from the workflow index (see WorkflowIndex): a bounded read per call, no SCAN. */
  listWorkflows(query: WorkflowQuery): Promise<WorkflowPage> {
    return this.send('list workflows', () => this.#index.list(query));
  }

  async readWorkflow(workflowId: string): Promise<WorkflowRecord | undefined> {
    const key = this.keys(workflowId).meta;
    const [state, outcome, run] = await this.send(`read workflow ${workflowId}`, () => this.#connection.redis.hmget(key, 'state', 'outcome', 'run'));
    if (!state) return undefined;
    const ran = run ? { run: Number(run) } : {};
    return outcome ? { state: state as TaskState, outcome: decodeOutcome(outcome), ...ran } : { state: state as TaskState, ...ran };
  }

  async readOutcomes(workflowId: string): Promise<Record<string, Outcome>> {
    const key = this.keys(workflowId).meta;
    const all = await this.send(`read the outcomes of workflow ${workflowId}`, () => this.#connection.redis.hgetall(key));
    const out: Record<string, Outcome> = {};
    for (const [field, json] of Object.entries(all)) if (field.startsWith(outcomeFieldPrefix)) out[field.slice(outcomeFieldPrefix.length)] = decodeOutcome(json);
    return out;
  }

  async reopenWorkflow(workflowId: string, run: number, reset: readonly string[], parts: readonly { joinId: string; index: number; size: number; value: Json }[]): Promise<boolean> {
    reset.forEach(checkNodeId);
    const k = this.keys(workflowId);
    const args = [run, this.#ttl + endGraceSeconds(this.#ttl), reset.length, ...reset, ...parts.flatMap((part) => [part.joinId, part.index, JSON.stringify(part.value)])];
    const reply = await this.send(`reopen workflow ${workflowId} for run ${run}`, () => this.#run.reopenWorkflow([k.meta, k.plan], args));
    return Number(reply) === 1;
  }

  async readNode(workflowId: string, nodeId: string): Promise<NodeRecord> {
    const key = this.keys(workflowId).meta;
    const [state, outcome, attempt] = await this.send(`read node ${nodeId} of workflow ${workflowId}`, () =>
      this.#connection.redis.hmget(key, nodeFields.state(nodeId), nodeFields.outcome(nodeId), nodeFields.attempt(nodeId)),
    );
    const record = { state: (typeof state === 'string' ? state : 'PENDING') as TaskState, attempt: Number(attempt ?? 0) || 0 };
    return typeof outcome === 'string' ? { ...record, outcome: decodeOutcome(outcome) } : record;
  }

  waitForOutcome(workflowId: string, timeoutMs: number): Promise<Outcome | undefined> {
    return this.#waiters.wait(workflowId, timeoutMs);
  }

  async acquireRateSlot(key: string, limit: { max: number; perMs: number }, now: number): Promise<number> {
    if (!(limit.max >= 1) || !(limit.perMs > 0)) {
      throw new Error(`Expected a rate limit of at least 1 start per a positive number of ms, got ${limit.max} per ${limit.perMs} ms`);
    }
    const keys = [rateKey(this.#prefix, key)];
    return Number(await this.send(`take a start from rate limit ${key}`, () => this.#run.acquireRateSlot(keys, [limit.max, limit.perMs, now])));
  }

  async readOnce(workflowId: string, key: string): Promise<{ value: Json } | undefined> {
    const hash = this.keys(workflowId).once;
    const json = await this.send(`read once '${key}' of workflow ${workflowId}`, () => this.#connection.redis.hget(hash, key));
    return json === null ? undefined : { value: JSON.parse(json) as Json };
  }

  async recordOnce(workflowId: string, key: string, value: Json): Promise<Json> {
    const hash = this.keys(workflowId).once;
    const stored = await this.send(`record once '${key}' of workflow ${workflowId}`, () => this.#run.recordOnce([hash], [key, JSON.stringify(value), this.#ttl]));
    return JSON.parse(String(stored)) as Json;
  }

  async close(): Promise<void> {
    await this.#waiters.close();
    await this.#connection.close();
  }

  /** Sends once the connection is ready; `what` names the call in the `UNAVAILABLE` error if it never is. */
  private send<T>(what: string, command: () => Promise<T>): Promise<T> {
    return this.#connection.run(what, command);
  }

  /** Where and how a script announces the workflow's end: channel, workflow id, publish command. */
  private publishing(workflowId: string): [string, string, string] {
    return this.#cluster ? [workflowFinishedChannel(this.#prefix, workflowId), workflowId, 'SPUBLISH'] : [this.#channel, workflowId, 'PUBLISH'];
  }

  private keys(workflowId: string): WorkflowKeys {
    return workflowKeys(this.#prefix, workflowId);
  }
}

/** A script's array reply as strings (Lua integers arrive as numbers). */
function strings(reply: unknown, script: string): (string | undefined)[] {
  if (!Array.isArray(reply)) throw new Error(`Unexpected reply from ${script}: ${String(reply)}`);
  return reply.map((item: unknown) => (item === null || item === undefined ? undefined : String(item)));
}

/**
 * How much longer than the retention period a new workflow's keys live: a minute (less for a shorter
 * retention), so that most workflows end with their keys' TTL still above the retention period and need no
 * EXPIRE when they end.
 */
export function endGraceSeconds(ttlSeconds: number): number {
  return Math.min(60, ttlSeconds);
}

function checkNodeId(nodeId: string): void {
  if (nodeId === '') throw new Error('Expected a node id, got an empty string');
}

function checkJoin(join: JoinSlot): void {
  if (!Number.isInteger(join.size) || join.size < 1 || !Number.isInteger(join.index) || join.index < 0 || join.index >= join.size) {
    throw new Error(`Expected a join slot with an integer index from 0 to size - 1, got index ${join.index} of size ${join.size} (join ${join.joinId})`);
  }
}

/**
 * A large plan goes to Redis as a Buffer. As a string, ioredis joins it into the command's text and the socket
 * flattens that: two more copies of a 1 MB argument in V8's large-object space, which only a full GC frees, so
 * a producer applying many of them grew to several hundred MB of garbage between GCs. A Buffer's memory lies
 * outside the heap and is freed with its small wrapper, soon after the write (`npm run bench:memory`, in
 * docs/benchmarks.md). Small plans stay strings: ioredis writes those without the Buffer's extra copy.
 */
function planBytes(plan: Plan): string | Buffer {
  const json = JSON.stringify(plan);
  return json.length > largePlanChars ? Buffer.from(json) : json;
}
const largePlanChars = 64 * 1024;

