-- revoke_workflow also says whether this call ended the workflow, so that workflow-revoked is reported once
-- however many times a workflow is revoked. Same body as 001's, plus the OUT parameter `fresh`.
DROP FUNCTION :"schema".revoke_workflow(text, integer, text);

CREATE FUNCTION :"schema".revoke_workflow(
  p_workflow text, p_ttl integer, p_channel text,
  OUT stored_outcome text, OUT stored_value text, OUT fresh boolean
)
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE :"schema".workflows w
     SET revoked = true, state = 'REVOKED', outcome = '{"status":"REVOKED","reason":"revoked"}', value = NULL,
         expires_at = now() + make_interval(secs => p_ttl)
   WHERE w.id = p_workflow AND w.outcome IS NULL
  RETURNING w.outcome, w.value INTO stored_outcome, stored_value;
  IF FOUND THEN
    fresh := true;
    PERFORM pg_notify(p_channel, p_workflow);
    RETURN;
  END IF;
  fresh := false;
  UPDATE :"schema".workflows w SET revoked = true
   WHERE w.id = p_workflow
  RETURNING w.outcome, w.value INTO stored_outcome, stored_value;
END
$$;
