-- begin_attempt also takes the run its message belongs to, and begins nothing for a message of an older run
-- (the workflow was retried since, and its new run sent its own messages): kind 'stale', with the workflow's
-- run. Same body as 001's after that check, plus the OUT parameter `run`.
DROP FUNCTION :"schema".begin_attempt(text, text, integer, integer);

CREATE FUNCTION :"schema".begin_attempt(
  p_workflow text, p_node text, p_attempt integer, p_ttl integer, p_run integer,
  OUT kind text, OUT stored_outcome text, OUT stored_value text, OUT run integer
)
LANGUAGE plpgsql AS $$
DECLARE
  v_expires timestamptz := now() + make_interval(secs => p_ttl);
  v_revoked boolean;
BEGIN
  -- No lock: a revoke or retry that commits after this read orders after this attempt began, which it may.
  SELECT w.revoked, w.run INTO v_revoked, run FROM :"schema".workflows w WHERE w.id = p_workflow;
  IF run > p_run THEN
    kind := 'stale';
    RETURN;
  END IF;
  IF v_revoked THEN
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
