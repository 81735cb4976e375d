import { quoteIdentifier } from './quote-identifier.js';

/**
 * The SQL of each store method for one schema: a call of the method's function (see `migrations/`) or a
 * plain read. Every method is one statement, so one round trip and, for writes, one transaction.
 */
export function statementsFor(schema: string) {
  const s = quoteIdentifier(schema);
  return {
    createWorkflow: `SELECT ${s}.create_workflow($1, $2, $3, $4, $5, $6)`,
    loadPlan: `SELECT plan FROM ${s}.workflows WHERE id = $1`,
    beginAttempt: `SELECT kind, stored_outcome, stored_value, run FROM ${s}.begin_attempt($1, $2, $3, $4, $5)`,
    commitOutcome: `SELECT fresh, stored_outcome, stored_value, parts FROM ${s}.commit_outcome($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    commitRoot: `SELECT fresh, stored_outcome, stored_value, parts, ended_outcome, ended_value FROM ${s}.commit_root($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    settleMany: `SELECT ${s}.settle_many($1, $2::text[], $3, $4, $5, $6)`,
    markRetrying: `SELECT ${s}.mark_retrying($1, $2, $3, $4)`,
    finishWorkflow: `SELECT fresh, stored_outcome, stored_value FROM ${s}.finish_workflow($1, $2, $3, $4, $5, $6)`,
    revokeWorkflow: `SELECT stored_outcome, stored_value, fresh FROM ${s}.revoke_workflow($1, $2, $3)`,
    readWorkflow: `SELECT state, outcome, value, run FROM ${s}.workflows WHERE id = $1`,
    reopenWorkflow: `SELECT ${s}.reopen_workflow($1, $2, $3::text[], $4::text[], $5::integer[], $6::text[], $7) AS reopened`,
    readNode: `SELECT state, attempt, outcome, value FROM ${s}.nodes WHERE workflow_id = $1 AND node_id = $2`,
    acquireRateSlot: `SELECT ${s}.acquire_rate_slot($1, $2, $3, $4) AS wait`,
    listUnfinished: `SELECT id FROM ${s}.workflows WHERE outcome IS NULL ORDER BY planned_at, created_at, id LIMIT $1`,
    readOutcomes: `SELECT node_id, outcome, value FROM ${s}.nodes WHERE workflow_id = $1 AND outcome IS NOT NULL ORDER BY node_id`,
    // Newest first; $4/$5 is the cursor (the last row of the previous page), $6 the page size plus one.
    listWorkflows: `SELECT id, state, planned_at, ended_at, name, outcome FROM ${s}.workflows
      WHERE expires_at > now() AND ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR tasks @> ARRAY[$2::text])
        AND ($3::float8 IS NULL OR planned_at >= $3) AND ($4::float8 IS NULL OR (planned_at, id) < ($4, $5::text))
      ORDER BY planned_at DESC, id DESC LIMIT $6`,
    readOnce: `SELECT value FROM ${s}.once_results WHERE workflow_id = $1 AND key = $2`,
    recordOnce: `SELECT ${s}.record_once($1, $2, $3, $4) AS value`,
    purgeExpired: `SELECT ${s}.purge_expired() AS deleted`,
  } as const;
}

export type Statements = ReturnType<typeof statementsFor>;

/** The channel finished workflows are notified on; within PostgreSQL's 63 bytes for a schema of up to 54. */
export function finishedChannel(schema: string): string {
  return `${schema}.finished`;
}
