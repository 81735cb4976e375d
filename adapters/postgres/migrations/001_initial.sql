/*
  Celeriac's result store, version 1: workflow state, node outcomes, join parts and rate limits, with one
  function per transition (as the Redis adapter has one Lua script per transition), so that every port method
  is one statement, one round trip and one transaction.

  Applied by migrate.ts, which replaces every :"schema" below, function bodies included, with the quoted
  schema name, and records it in the schema's celeriac_migrations table. To try it by hand in a scratch
  schema: sed 's/:"schema"/"scratch"/g' 001_initial.sql | psql (after CREATE SCHEMA scratch).

  JSON is kept as text, not jsonb: jsonb rejects "\u0000" and lone surrogates ("\ud800"), which are valid in
  a JSON string and so in a task's result. No function here parses JSON: what SQL needs (a node's state, a
  SUCCESS's value) has its own column, and the client encodes and decodes.

  Columns shared by several tables:
    outcome     an Outcome's JSON without the value of a SUCCESS; NULL while there is none
    value       a SUCCESS's value as JSON, else NULL
    expires_at  when the row may go, set to now() + the store's resultTtlSeconds on every write;
                purge_expired() deletes a workflow and its rows once neither it nor any of its nodes is live

  Locks are always taken in this order, so no two transitions can deadlock:
    nodes (in node id order) -> joins -> workflows
*/

CREATE TABLE :"schema".workflows (
  id          text PRIMARY KEY,
  plan        text NOT NULL,
  state       text NOT NULL DEFAULT 'PENDING'
              CHECK (state IN ('PENDING', 'STARTED', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED')),
  outcome     text,
  value       text,
  revoked     boolean NOT NULL DEFAULT false,
  planned_at  double precision NOT NULL,     -- the plan's createdAt, epoch ms on the applying process's clock
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  expires_at  timestamptz NOT NULL
);
-- Unfinished workflows, oldest first (listUnfinished, for `celeriac recover`).
CREATE INDEX workflows_unfinished ON :"schema".workflows (planned_at, created_at, id) WHERE outcome IS NULL;
CREATE INDEX workflows_expires_at ON :"schema".workflows (expires_at);

-- A row exists once a node has begun, been retried or ended; a missing row reads as PENDING, attempt 0.
-- When outcome is set, state is its status.
CREATE TABLE :"schema".nodes (
  workflow_id text NOT NULL,
  node_id     text NOT NULL,
  state       text NOT NULL
              CHECK (state IN ('PENDING', 'STARTED', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED')),
  attempt     integer NOT NULL DEFAULT 0,
  outcome     text,
  value       text,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (workflow_id, node_id)
);
CREATE INDEX nodes_expires_at ON :"schema".nodes (expires_at);

-- One row per join (a group or a chord header): how many distinct member indexes are in. Its row lock
-- serializes the join's members, so the member that brings the count to the join's size sees every part.
CREATE TABLE :"schema".joins (
  workflow_id text NOT NULL,
  join_id     text NOT NULL,
  received    integer NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (workflow_id, join_id)
);

CREATE TABLE :"schema".join_parts (
  workflow_id  text NOT NULL,
  join_id      text NOT NULL,
  member_index integer NOT NULL CHECK (member_index >= 0),
  value        text NOT NULL,
  expires_at   timestamptz NOT NULL,
  PRIMARY KEY (workflow_id, join_id, member_index)
);

-- GCRA state: the theoretical arrival time, epoch ms on the callers' clock.
CREATE TABLE :"schema".rate_limits (
  key         text PRIMARY KEY,
  tat         double precision NOT NULL,
  expires_at  timestamptz NOT NULL
);

/*
  Stores a new workflow's plan and marks it PENDING. A second call changes nothing.
  Returns true when this call created the workflow.
*/
CREATE FUNCTION :"schema".create_workflow(p_workflow text, p_plan text, p_planned_at double precision, p_ttl integer) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO :"schema".workflows (id, plan, planned_at, expires_at)
  VALUES (p_workflow, p_plan, p_planned_at, now() + make_interval(secs => p_ttl))
  ON CONFLICT (id) DO NOTHING;
  RETURN FOUND;
END
$$;

/*
  Begins a task attempt: marks the node STARTED with attempt = greatest(its attempt, p_attempt), and the
  workflow STARTED unless it has ended. Unless the workflow was revoked (the node, if it has no outcome, is
  settled REVOKED, cascaded) or the node already has an outcome (a redelivery, or a cascade settled it).

  Returns one row:
    ('run', NULL, NULL)
    ('settled', outcome, value)   the node's stored outcome
    ('revoked', NULL, NULL)
*/
CREATE FUNCTION :"schema".begin_attempt(
  p_workflow text, p_node text, p_attempt integer, p_ttl integer,
  OUT kind text, OUT stored_outcome text, OUT stored_value text
)
LANGUAGE plpgsql AS $$
DECLARE
  v_expires timestamptz := now() + make_interval(secs => p_ttl);
BEGIN
  -- No lock: a revoke that commits after this read orders after this attempt began, which it may.
  IF (SELECT w.revoked FROM :"schema".workflows w WHERE w.id = p_workflow) THEN
    INSERT INTO :"schema".nodes AS n (workflow_id, node_id, state, outcome, expires_at)
    VALUES (p_workflow, p_node, 'REVOKED', '{"status":"REVOKED","reason":"workflow revoked","cascaded":true}', v_expires)
    ON CONFLICT (workflow_id, node_id) DO UPDATE
      SET state = excluded.state, outcome = excluded.outcome, expires_at = excluded.expires_at
      WHERE n.outcome IS NULL;
    kind := 'revoked';
    RETURN;
  END IF;

  INSERT INTO :"schema".nodes AS n (workflow_id, node_id, state, attempt, expires_at)
  VALUES (p_workflow, p_node, 'STARTED', p_attempt, v_expires)
  ON CONFLICT (workflow_id, node_id) DO UPDATE
    SET state = 'STARTED', attempt = greatest(n.attempt, excluded.attempt), expires_at = excluded.expires_at
    WHERE n.outcome IS NULL;
  IF NOT FOUND THEN
    -- The conflicting row is locked by now and has an outcome: a fresh snapshot sees it.
    SELECT 'settled', n.outcome, n.value INTO kind, stored_outcome, stored_value
      FROM :"schema".nodes n WHERE n.workflow_id = p_workflow AND n.node_id = p_node;
    RETURN;
  END IF;

  UPDATE :"schema".workflows w SET state = 'STARTED', expires_at = v_expires
   WHERE w.id = p_workflow AND w.outcome IS NULL AND w.state <> 'STARTED';
  kind := 'run';
END
$$;

/*
  Commits a node's outcome, first write wins. When the stored outcome is a SUCCESS and p_join is given,
  records its value as the join's part p_index, first write per index wins, and counts the index if it is
  new. The join is complete when the count of distinct indexes reaches p_size, never by counting deliveries,
  so a redelivered member cannot complete it twice, and every caller that finds it complete gets its parts.

  Returns one row:
    fresh           true when this call wrote the outcome
    stored_outcome  the node's outcome now stored (ours if fresh), without a SUCCESS's value
    stored_value    the stored SUCCESS's value, else NULL
    parts           when the join is complete: a JSON array of its parts' values in index order, else NULL
*/
CREATE FUNCTION :"schema".commit_outcome(
  p_workflow text, p_node text, p_status text, p_outcome text, p_value text,
  p_join text, p_index integer, p_size integer, p_ttl integer,
  OUT fresh boolean, OUT stored_outcome text, OUT stored_value text, OUT parts text
)
LANGUAGE plpgsql AS $$
DECLARE
  v_expires timestamptz := now() + make_interval(secs => p_ttl);
  v_state text;
  v_new_part boolean;
  v_received integer;
BEGIN
  IF p_join IS NOT NULL AND NOT (p_index >= 0 AND p_index < p_size) THEN
    RAISE EXCEPTION 'join slot index % out of range for size % (join %)', p_index, p_size, p_join;
  END IF;

  INSERT INTO :"schema".nodes AS n (workflow_id, node_id, state, outcome, value, expires_at)
  VALUES (p_workflow, p_node, p_status, p_outcome, p_value, v_expires)
  ON CONFLICT (workflow_id, node_id) DO UPDATE
    SET state = excluded.state, outcome = excluded.outcome, value = excluded.value, expires_at = excluded.expires_at
    WHERE n.outcome IS NULL
  RETURNING n.state, n.outcome, n.value INTO v_state, stored_outcome, stored_value;
  fresh := FOUND;
  IF NOT fresh THEN
    SELECT n.state, n.outcome, n.value INTO v_state, stored_outcome, stored_value
      FROM :"schema".nodes n WHERE n.workflow_id = p_workflow AND n.node_id = p_node;
  END IF;
  IF p_join IS NULL OR v_state <> 'SUCCESS' THEN
    RETURN;
  END IF;

  INSERT INTO :"schema".join_parts (workflow_id, join_id, member_index, value, expires_at)
  VALUES (p_workflow, p_join, p_index, stored_value, v_expires)
  ON CONFLICT DO NOTHING;
  v_new_part := FOUND;

  -- Waits for any other member holding the join's row, then counts on top of what it committed.
  INSERT INTO :"schema".joins AS j (workflow_id, join_id, received, expires_at)
  VALUES (p_workflow, p_join, v_new_part::integer, v_expires)
  ON CONFLICT (workflow_id, join_id) DO UPDATE
    SET received = j.received + excluded.received, expires_at = excluded.expires_at
  RETURNING j.received INTO v_received;
  IF v_received < p_size THEN
    RETURN;
  END IF;

  -- Concatenated, not parsed: each part goes back exactly as it was stored.
  SELECT '[' || string_agg(p.value, ',' ORDER BY p.member_index) || ']' INTO parts
    FROM :"schema".join_parts p WHERE p.workflow_id = p_workflow AND p.join_id = p_join;
END
$$;

/*
  Settles nodes that never ran (a cascade): writes the outcome for each listed node that has none yet.
  Returns how many nodes this call settled.
*/
CREATE FUNCTION :"schema".settle_many(
  p_workflow text, p_nodes text[], p_status text, p_outcome text, p_value text, p_ttl integer
) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_written integer;
BEGIN
  -- Distinct, as one statement may not update a row twice; ordered, so concurrent callers lock alike.
  INSERT INTO :"schema".nodes AS n (workflow_id, node_id, state, outcome, value, expires_at)
  SELECT p_workflow, ids.id, p_status, p_outcome, p_value, now() + make_interval(secs => p_ttl)
    FROM (SELECT DISTINCT unnest(p_nodes) AS id) ids
   ORDER BY ids.id
  ON CONFLICT (workflow_id, node_id) DO UPDATE
    SET state = excluded.state, outcome = excluded.outcome, value = excluded.value, expires_at = excluded.expires_at
    WHERE n.outcome IS NULL;
  GET DIAGNOSTICS v_written = ROW_COUNT;
  RETURN v_written;
END
$$;

/*
  Records that a node will be attempted again: node state RETRY, its attempt at least p_attempt - 1 (the
  attempt before the coming one has begun), and the workflow RETRY unless it has ended. A node that already
  has an outcome (a late duplicate) is left as it is.
  Returns true when marked, false when the node already had an outcome.
*/
CREATE FUNCTION :"schema".mark_retrying(p_workflow text, p_node text, p_attempt integer, p_ttl integer) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  v_expires timestamptz := now() + make_interval(secs => p_ttl);
BEGIN
  INSERT INTO :"schema".nodes AS n (workflow_id, node_id, state, attempt, expires_at)
  VALUES (p_workflow, p_node, 'RETRY', greatest(p_attempt - 1, 0), v_expires)
  ON CONFLICT (workflow_id, node_id) DO UPDATE
    SET state = 'RETRY', attempt = greatest(n.attempt, excluded.attempt), expires_at = excluded.expires_at
    WHERE n.outcome IS NULL;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  UPDATE :"schema".workflows w SET state = 'RETRY', expires_at = v_expires
   WHERE w.id = p_workflow AND w.outcome IS NULL AND w.state <> 'RETRY';
  RETURN true;
END
$$;

/*
  Commits a workflow's own outcome, first write wins, and when this call wrote it, notifies p_channel with
  the workflow id (delivered on commit) so waiters look again.

  Returns one row: (fresh, stored_outcome, stored_value), all NULL when the workflow is unknown.
*/
CREATE FUNCTION :"schema".finish_workflow(
  p_workflow text, p_status text, p_outcome text, p_value text, p_ttl integer, p_channel text,
  OUT fresh boolean, OUT stored_outcome text, OUT stored_value text
)
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE :"schema".workflows w
     SET state = p_status, outcome = p_outcome, value = p_value, expires_at = now() + make_interval(secs => p_ttl)
   WHERE w.id = p_workflow AND w.outcome IS NULL
  RETURNING w.outcome, w.value INTO stored_outcome, stored_value;
  IF FOUND THEN
    fresh := true;
    PERFORM pg_notify(p_channel, p_workflow);
    RETURN;
  END IF;
  SELECT false, w.outcome, w.value INTO fresh, stored_outcome, stored_value
    FROM :"schema".workflows w WHERE w.id = p_workflow;
END
$$;

/*
  Revokes a workflow: tasks not yet begun will not run (begin_attempt reads the flag), and the workflow ends
  REVOKED unless it already ended. Notifies p_channel, as finish_workflow does, when this call ended it.

  Returns one row: (stored_outcome, stored_value), the workflow's outcome now; NULLs when it is unknown.
*/
CREATE FUNCTION :"schema".revoke_workflow(
  p_workflow text, p_ttl integer, p_channel text,
  OUT stored_outcome text, OUT stored_value text
)
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE :"schema".workflows w
     SET revoked = true, state = 'REVOKED', outcome = '{"status":"REVOKED","reason":"revoked"}', value = NULL,
         expires_at = now() + make_interval(secs => p_ttl)
   WHERE w.id = p_workflow AND w.outcome IS NULL
  RETURNING w.outcome, w.value INTO stored_outcome, stored_value;
  IF FOUND THEN
    PERFORM pg_notify(p_channel, p_workflow);
    RETURN;
  END IF;
  UPDATE :"schema".workflows w SET revoked = true
   WHERE w.id = p_workflow
  RETURNING w.outcome, w.value INTO stored_outcome, stored_value;
END
$$;

/*
  Takes one start from a rate limit shared by every worker (GCRA): starts are spaced p_per_ms / p_max apart
  on average, with bursts of up to p_max. Nothing is taken when the caller has to wait.
  Returns 0 when a start was taken, else the milliseconds to wait before asking again.
*/
CREATE FUNCTION :"schema".acquire_rate_slot(
  p_key text, p_max double precision, p_per_ms double precision, p_now double precision
) RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE
  v_interval double precision := p_per_ms / p_max;
  v_tat double precision;
  v_wait double precision;
BEGIN
  -- The no-op update locks the limit's row (created if missing) and reads its latest TAT.
  INSERT INTO :"schema".rate_limits AS r (key, tat, expires_at) VALUES (p_key, p_now, now())
  ON CONFLICT (key) DO UPDATE SET tat = r.tat
  RETURNING greatest(r.tat, p_now) INTO v_tat;
  v_wait := v_tat - p_now - (p_per_ms - v_interval);
  IF v_wait > 0 THEN
    RETURN ceil(v_wait);
  END IF;
  -- Once the TAT has passed, the row says no more than a missing one would.
  UPDATE :"schema".rate_limits r
     SET tat = v_tat + v_interval, expires_at = now() + (v_tat + v_interval - p_now) * interval '1 millisecond'
   WHERE r.key = p_key;
  RETURN 0;
END
$$;

/*
  Deletes every workflow whose expires_at has passed and none of whose nodes is still live, then every node,
  join, part and rate limit whose expires_at has passed and whose workflow no longer exists: those of the
  workflows just deleted, and strays (a late write after an earlier purge). Returns how many workflows it deleted.
*/
CREATE FUNCTION :"schema".purge_expired() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_deleted integer;
BEGIN
  DELETE FROM :"schema".workflows w
   WHERE w.expires_at < now()
     AND NOT EXISTS (SELECT 1 FROM :"schema".nodes n WHERE n.workflow_id = w.id AND n.expires_at >= now());
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  -- Each statement takes a new snapshot, so the workflows deleted above are gone for the ones below.
  DELETE FROM :"schema".nodes n
   WHERE n.expires_at < now() AND NOT EXISTS (SELECT 1 FROM :"schema".workflows w WHERE w.id = n.workflow_id);
  DELETE FROM :"schema".joins j
   WHERE j.expires_at < now() AND NOT EXISTS (SELECT 1 FROM :"schema".workflows w WHERE w.id = j.workflow_id);
  DELETE FROM :"schema".join_parts p
   WHERE p.expires_at < now() AND NOT EXISTS (SELECT 1 FROM :"schema".workflows w WHERE w.id = p.workflow_id);
  DELETE FROM :"schema".rate_limits r WHERE r.expires_at < now();
  RETURN v_deleted;
END
$$;
