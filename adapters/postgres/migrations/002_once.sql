/*
  Version 2: the results a task's `ctx.once(name, fn)` stored, one row per key (the task's idempotency key
  and the name), first write wins. Rows live as the workflow's other rows do: expires_at is set on every write
  and purge_expired() deletes them once their workflow is gone.
*/

CREATE TABLE :"schema".once_results (
  workflow_id text NOT NULL,
  key         text NOT NULL,
  value       text NOT NULL,       -- JSON as text, as everywhere in this schema (see 001_initial.sql)
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (workflow_id, key)
);
CREATE INDEX once_results_expires_at ON :"schema".once_results (expires_at);

-- Inserts unless present, then reads: the SELECT is its own statement, so under READ COMMITTED it sees a row
-- that a concurrent caller committed while this INSERT waited on it (a CTE's snapshot would not).
CREATE FUNCTION :"schema".record_once(p_workflow_id text, p_key text, p_value text, p_ttl integer)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_value text;
BEGIN
  INSERT INTO :"schema".once_results (workflow_id, key, value, expires_at)
  VALUES (p_workflow_id, p_key, p_value, now() + make_interval(secs => p_ttl))
  ON CONFLICT (workflow_id, key) DO NOTHING
  RETURNING value INTO v_value;
  IF v_value IS NOT NULL THEN
    RETURN v_value;
  END IF;
  SELECT o.value INTO v_value FROM :"schema".once_results o WHERE o.workflow_id = p_workflow_id AND o.key = p_key;
  RETURN v_value;
END
$$;

CREATE OR REPLACE FUNCTION :"schema".purge_expired() RETURNS integer
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
  DELETE FROM :"schema".once_results o
   WHERE o.expires_at < now() AND NOT EXISTS (SELECT 1 FROM :"schema".workflows w WHERE w.id = o.workflow_id);
  DELETE FROM :"schema".rate_limits r WHERE r.expires_at < now();
  RETURN v_deleted;
END
$$;
