-- app.retry(): a workflow's run counter, and the function that reopens an ended workflow for its next run.
ALTER TABLE :"schema".workflows ADD COLUMN run integer NOT NULL DEFAULT 1;

/*
  Reopens an ended workflow for run p_run, only if its outcome is FAILURE or REVOKED and its run is
  p_run - 1 (the row lock serializes racing retries: one reopens it). Forgets the outcome of each node in
  p_reset (their rows are deleted), records the given parts of succeeded join members again (first write per
  index wins, counted in joins as commit_outcome counts them), clears the workflow's outcome and revoked flag,
  marks it STARTED and gives every row of it a full TTL again.
  Returns true when this call reopened the workflow.
*/
CREATE FUNCTION :"schema".reopen_workflow(
  p_workflow text, p_run integer, p_reset text[], p_part_join text[], p_part_index integer[], p_part_value text[], p_ttl integer
) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  v_expires timestamptz := now() + make_interval(secs => p_ttl);
  v_status text;
  v_run integer;
  i integer;
BEGIN
  SELECT w.state, w.run INTO v_status, v_run FROM :"schema".workflows w WHERE w.id = p_workflow AND w.outcome IS NOT NULL FOR UPDATE;
  IF NOT FOUND OR v_run <> p_run - 1 OR v_status NOT IN ('FAILURE', 'REVOKED') THEN
    RETURN false;
  END IF;
  DELETE FROM :"schema".nodes n WHERE n.workflow_id = p_workflow AND n.node_id = ANY (p_reset);
  FOR i IN 1 .. coalesce(array_length(p_part_join, 1), 0) LOOP
    INSERT INTO :"schema".join_parts (workflow_id, join_id, member_index, value, expires_at)
    VALUES (p_workflow, p_part_join[i], p_part_index[i], p_part_value[i], v_expires)
    ON CONFLICT DO NOTHING;
    IF FOUND THEN
      INSERT INTO :"schema".joins AS j (workflow_id, join_id, received, expires_at)
      VALUES (p_workflow, p_part_join[i], 1, v_expires)
      ON CONFLICT (workflow_id, join_id) DO UPDATE SET received = j.received + 1, expires_at = excluded.expires_at;
    END IF;
  END LOOP;
  UPDATE :"schema".workflows w
     SET state = 'STARTED', outcome = NULL, value = NULL, revoked = false, run = p_run, expires_at = v_expires
   WHERE w.id = p_workflow;
  UPDATE :"schema".nodes n SET expires_at = v_expires WHERE n.workflow_id = p_workflow;
  UPDATE :"schema".join_parts p SET expires_at = v_expires WHERE p.workflow_id = p_workflow;
  UPDATE :"schema".joins j SET expires_at = v_expires WHERE j.workflow_id = p_workflow;
  RETURN true;
END
$$;
