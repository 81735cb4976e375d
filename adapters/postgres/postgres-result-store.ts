import type { Pool, PoolConfig, QueryResultRow } from 'pg';
import type { Json } from '../../canvas/json.js';
import type { Plan } from '../../canvas/plan.js';
import type { Outcome, TaskState } from '../../engine/ports/outcome.js';
import type { BeginResult, CommitResult, JoinSlot, NodeRecord, RateLimiter, RecoverableStore, RevokeResult, WorkflowRecord } from '../../engine/ports/index.js';
import { logOnce } from '../support/log-once.js';
import type { OutcomeWaiters } from '../support/outcome-waiters.js';
import { loadPg } from './load-pg.js';
import { decodeCursor, encodeCursor, failedNodeOf, taskNames, workflowName, type WorkflowLister, type WorkflowPage, type WorkflowQuery, type WorkflowSummary } from '../../engine/ports/workflow-list.js';
import { migrate } from './migrate.js';
import { asUnavailable } from './unavailable.js';
import type { ResolvedPostgresStoreOptions } from './options.js';
import { decodeOutcome, encodeOutcome } from './outcome-codec.js';
import { outcomeWaiters } from './outcome-waiters.js';
import { finishedChannel, statementsFor, type Statements } from './statements.js';

interface StoredRow {
  readonly stored_outcome: string | null;
  readonly stored_value: string | null;
}

/**
 * The result store on PostgreSQL. Each transition is one plpgsql function (see `migrations/`), so every
 * method is one statement: atomic, one round trip, and safe against callers in other processes. Tables and
 * functions live in their own schema, migrated on first use; finished workflows are announced with NOTIFY.
 *
 * Rows are kept `resultTtlSeconds` after a workflow's last write and deleted only by `purgeExpired()`, which
 * nothing calls for you: run it from a cron job or a timer of your own.
 */
export class PostgresResultStore implements RecoverableStore, RateLimiter, WorkflowLister {
  readonly #connection: PoolConfig;
  readonly #logger: ResolvedPostgresStoreOptions['logger'];
  #pool: Promise<Pool> | undefined;
  readonly #sql: Statements;
  readonly #waiters: OutcomeWaiters;
  readonly #schema: string;
  readonly #ttl: number;
  readonly #channel: string;
  readonly #url: string;
  #migrated: Promise<void> | undefined;
  #closed = false;

  constructor(options: ResolvedPostgresStoreOptions) {
    // Bounded waits: for a connection, and for each statement on the server and (for a server that accepts and
    // never answers) on the client. The pool's own settings win where the user gave them.
    const connection = {
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      query_timeout: options.statementTimeoutMs + 1000,
      ...options.pool,
      connectionString: options.url,
    };
    this.#url = options.url;
    this.#schema = options.schema;
    this.#ttl = options.resultTtlSeconds;
    this.#channel = finishedChannel(options.schema);
    this.#sql = statementsFor(options.schema);
    this.#connection = connection;
    this.#logger = options.logger;
    this.#waiters = outcomeWaiters(async () => new (await loadPg()).Client(connection), this.#channel, async (id) => (await this.readWorkflow(id))?.outcome, options.logger, (error) =>
      asUnavailable(error, 'listen for finished workflows', options.url),
    );
  }

  /** The pool, made on first use: pg is loaded only by an app that uses this store. */
  #openPool(): Promise<Pool> {
    this.#pool ??= loadPg().then(
      ({ Pool }) => {
        const pool = new Pool(this.#connection);
        // An idle client losing its connection is reported here; without a listener it would crash the process.
        pool.on('error', logOnce(this.#logger, 'result store pool'));
        return pool;
      },
      (error: unknown) => {
        this.#pool = undefined;
        throw error;
      },
    );
    return this.#pool;
  }

  /** Creates or updates the schema. Every method awaits it first, so call it only to fail early. */
  migrate(): Promise<void> {
    this.#migrated ??= this.#openPool().then((pool) => migrate(pool, this.#schema)).then(
      () => undefined,
      (error: unknown) => {
        this.#migrated = undefined;
        throw error;
      },
    );
    return this.#migrated;
  }

  async createWorkflow(plan: Plan): Promise<void> {
    await this.query(this.#sql.createWorkflow, [plan.workflowId, JSON.stringify(plan), plan.createdAt, this.#ttl, workflowName(plan) ?? null, taskNames(plan)]);
  }

  async loadPlan(workflowId: string): Promise<Plan | undefined> {
    const row = (await this.query<{ plan: string }>(this.#sql.loadPlan, [workflowId]))[0];
    return row ? (JSON.parse(row.plan) as Plan) : undefined;
  }

  async beginAttempt(workflowId: string, nodeId: string, attempt: number, run = 1): Promise<BeginResult> {
    const row = await this.one<StoredRow & { kind: string; run: number | null }>('beginAttempt', [workflowId, nodeId, attempt, this.#ttl, run]);
    if (row.kind === 'stale') return { kind: 'stale', run: Number(row.run) };
    if (row.kind === 'settled' && row.stored_outcome !== null) return { kind: 'settled', outcome: decodeOutcome(row.stored_outcome, row.stored_value) };
    if (row.kind === 'run' || row.kind === 'revoked') return { kind: row.kind };
    throw new Error(`Unexpected reply from begin_attempt: ${row.kind}`);
  }

  async commitOutcome(workflowId: string, nodeId: string, outcome: Outcome, join?: JoinSlot, finish?: Outcome): Promise<CommitResult> {
    if (join) checkJoin(join);
    const encoded = encodeOutcome(outcome);
    const commit = [workflowId, nodeId, encoded.status, encoded.outcome, encoded.value, join?.joinId ?? null, join?.index ?? null, join?.size ?? null, this.#ttl];
    type Row = StoredRow & { fresh: boolean; parts: string | null; ended_outcome?: string | null; ended_value?: string | null };
    // The root's commit ends the workflow in the same statement (007_commit_root.sql).
    const ending = finish ? encodeOutcome(finish) : undefined;
    const row = ending
      ? await this.one<Row>('commitRoot', [...commit, ending.status, ending.outcome, ending.value, this.#channel])
      : await this.one<Row>('commitOutcome', commit);
    const ended = row.ended_outcome ? { ended: decodeOutcome(row.ended_outcome, row.ended_value ?? null) } : {};
    const result = { outcome: this.stored(row, ending ? 'commit_root' : 'commit_outcome'), fresh: row.fresh, ...ended };
    return row.parts === null ? result : { ...result, parts: JSON.parse(row.parts) as Json[] };
  }

  async settleMany(workflowId: string, nodeIds: readonly string[], outcome: Outcome): Promise<void> {
    if (nodeIds.length === 0) return;
    const encoded = encodeOutcome(outcome);
    await this.query(this.#sql.settleMany, [workflowId, nodeIds, encoded.status, encoded.outcome, encoded.value, this.#ttl]);
  }

  async markRetrying(workflowId: string, nodeId: string, attempt: number): Promise<void> {
    await this.query(this.#sql.markRetrying, [workflowId, nodeId, attempt, this.#ttl]);
  }

  async finishWorkflow(workflowId: string, outcome: Outcome): Promise<Outcome> {
    const encoded = encodeOutcome(outcome);
    const row = await this.one<StoredRow>('finishWorkflow', [workflowId, encoded.status, encoded.outcome, encoded.value, this.#ttl, this.#channel]);
    if (row.stored_outcome === null) throw new Error(`Unknown workflow ${workflowId}: it was never created, or was purged`);
    return decodeOutcome(row.stored_outcome, row.stored_value);
  }

  async revokeWorkflow(workflowId: string): Promise<RevokeResult | undefined> {
    const row = await this.one<StoredRow & { fresh: boolean }>('revokeWorkflow', [workflowId, this.#ttl, this.#channel]);
    return row.stored_outcome === null ? undefined : { outcome: decodeOutcome(row.stored_outcome, row.stored_value), fresh: row.fresh };
  }

  async readWorkflow(workflowId: string): Promise<WorkflowRecord | undefined> {
    const row = (await this.query<{ state: TaskState; outcome: string | null; value: string | null; run: number }>(this.#sql.readWorkflow, [workflowId]))[0];
    if (!row) return undefined;
    const run = row.run > 1 ? { run: row.run } : {};
    return row.outcome === null ? { state: row.state, ...run } : { state: row.state, outcome: decodeOutcome(row.outcome, row.value), ...run };
  }

  async reopenWorkflow(workflowId: string, run: number, reset: readonly string[], parts: readonly { joinId: string; index: number; size: number; value: Json }[]): Promise<boolean> {
    const row = await this.one<{ reopened: boolean }>('reopenWorkflow', [
      workflowId,
      run,
      reset,
      parts.map((part) => part.joinId),
      parts.map((part) => part.index),
      parts.map((part) => JSON.stringify(part.value)),
      this.#ttl,
    ]);
    return row.reopened;
  }

  async readNode(workflowId: string, nodeId: string): Promise<NodeRecord> {
    const rows = await this.query<{ state: TaskState; attempt: number; outcome: string | null; value: string | null }>(this.#sql.readNode, [workflowId, nodeId]);
    const row = rows[0];
    if (!row) return { state: 'PENDING', attempt: 0 };
    const record = { state: row.state, attempt: row.attempt };
    return row.outcome === null ? record : { ...record, outcome: decodeOutcome(row.outcome, row.value) };
  }

  waitForOutcome(workflowId: string, timeoutMs: number): Promise<Outcome | undefined> {
    // As a wait cut short by close() ends: undefined, without reading through the closed pool.
    if (this.#closed) return Promise.resolve(undefined);
    return this.#waiters.wait(workflowId, timeoutMs);
  }

  async acquireRateSlot(key: string, limit: { max: number; perMs: number }, now: number): Promise<number> {
    if (!(limit.max >= 1) || !(limit.perMs > 0)) {
      throw new Error(`Expected a rate limit of at least 1 start per a positive number of ms, got ${limit.max} per ${limit.perMs} ms`);
    }
    return (await this.one<{ wait: number }>('acquireRateSlot', [key, limit.max, limit.perMs, now])).wait;
  }

  async readOnce(workflowId: string, key: string): Promise<{ value: Json } | undefined> {
    const row = (await this.query<{ value: string }>(this.#sql.readOnce, [workflowId, key]))[0];
    return row ? { value: JSON.parse(row.value) as Json } : undefined;
  }

  async recordOnce(workflowId: string, key: string, value: Json): Promise<Json> {
    return JSON.parse((await this.one<{ value: string }>('recordOnce', [workflowId, key, JSON.stringify(value), this.#ttl])).value) as Json;
  }

  /**
   * The ids of workflows that have no outcome yet, oldest first (by their plan's `createdAt`, then by when
   * this store got them), for `celeriac recover`. At most `limit` ids; all when it is left out or Infinity.
   */
  async listUnfinished(limit = Infinity): Promise<string[]> {
    if (limit !== Infinity && !(Number.isSafeInteger(limit) && limit >= 0)) {
      throw new TypeError(`Expected \`limit\` to be an integer from 0 and up, or Infinity, got \`${String(limit)}\` (${typeof limit})`);
    }
    return (await this.query<{ id: string }>(this.#sql.listUnfinished, [limit === Infinity ? null : limit])).map((row) => row.id);
  }

  /** Newest first, one indexed query per page (see migrations/004_workflow_list.sql). */
  async listWorkflows(query: WorkflowQuery): Promise<WorkflowPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.query<{ id: string; state: TaskState; planned_at: number; ended_at: number | null; name: string | null; outcome: string | null }>(this.#sql.listWorkflows, [
      query.state ?? null,
      query.task ?? null,
      query.since ?? null,
      after?.createdAt ?? null,
      after?.id ?? null,
      query.limit + 1,
    ]);
    const items: WorkflowSummary[] = rows.slice(0, query.limit).map((row) => {
      const failedNode = failedNodeOf(row.outcome === null ? undefined : decodeOutcome(row.outcome, null));
      return {
        id: row.id,
        state: row.state,
        createdAt: Number(row.planned_at),
        ...(row.ended_at !== null ? { endedAt: Number(row.ended_at) } : {}),
        ...(row.name !== null ? { name: row.name } : {}),
        ...(failedNode ? { failedNode } : {}),
      };
    });
    const last = items[items.length - 1];
    return rows.length > query.limit && last ? { items, next: encodeCursor(last.createdAt, last.id) } : { items };
  }

  /** Every node of the workflow that has an outcome, by node id; `{}` for an unknown workflow. */
  async readOutcomes(workflowId: string): Promise<Record<string, Outcome>> {
    const rows = await this.query<{ node_id: string; outcome: string; value: string | null }>(this.#sql.readOutcomes, [workflowId]);
    return Object.fromEntries(rows.map((row) => [row.node_id, decodeOutcome(row.outcome, row.value)]));
  }

  /**
   * Deletes every workflow none of whose rows was written in the last `resultTtlSeconds`, with its nodes and
   * join parts, and rate limits that have lapsed. Never called by the store itself: schedule it yourself (say
   * hourly); it is safe to run from several processes at once. Returns how many workflows it deleted.
   */
  async purgeExpired(): Promise<number> {
    return (await this.one<{ deleted: number }>('purgeExpired', [])).deleted;
  }

  /** Ends pending waits, then closes the LISTEN connection and the pool. Calling it again does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#waiters.close();
    await this.#migrated?.catch(() => undefined);
    const pool = await this.#pool?.catch(() => undefined);
    await pool?.end();
  }

  private async query<Row extends QueryResultRow>(text: string, values: readonly unknown[]): Promise<Row[]> {
    if (this.#closed) throw new Error('The PostgreSQL result store is closed');
    try {
      await this.migrate();
      const pool = await this.#openPool();
      return (await pool.query<Row>(text, [...values])).rows;
    } catch (error) {
      throw asUnavailable(error, `run \`${text.slice(0, 60)}\``, this.#url);
    }
  }

  /** Runs a statement that returns exactly one row (a function call). */
  private async one<Row extends QueryResultRow>(name: keyof Statements, values: readonly unknown[]): Promise<Row> {
    const row = (await this.query<Row>(this.#sql[name], values))[0];
    if (!row) throw new Error(`Unexpected reply from ${name}: no row`);
    return row;
  }

  private stored(row: StoredRow, fn: string): Outcome {
    if (row.stored_outcome === null) throw new Error(`Unexpected reply from ${fn}: no stored outcome`);
    return decodeOutcome(row.stored_outcome, row.stored_value);
  }
}

function checkJoin(join: JoinSlot): void {
  if (!Number.isInteger(join.size) || join.size < 1 || !Number.isInteger(join.index) || join.index < 0 || join.index >= join.size) {
    throw new Error(`Expected a join slot with an integer index from 0 to size - 1, got index ${join.index} of size ${join.size} (join ${join.joinId})`);
  }
}
