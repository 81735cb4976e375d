/*
  The root's commit also ends the workflow, in the same transaction, as finish_workflow would: with
  p_end_* when this call wrote the root's outcome, with the stored outcome when it was committed before and
  is not a cascade (whoever cascaded the root ends the workflow). A single task then costs one statement
  fewer, and no crash can fall between the root's commit and the workflow's end.

  Returns one row: commit_outcome's (fresh, stored_outcome, stored_value, parts), and (ended_outcome,
  ended_value), the workflow's outcome now stored when this call ended it or found it ended, else NULLs.
*/
CREATE FUNCTION :"schema".commit_root(
  p_workflow text, p_node text, p_status text, p_outcome text, p_value text,
  p_join text, p_index integer, p_size integer, p_ttl integer,
  p_end_status text, p_end_outcome text, p_end_value text, p_channel text,
  OUT fresh boolean, OUT stored_outcome text, OUT stored_value text, OUT parts text,
  OUT ended_outcome text, OUT ended_value text
)
LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.fresh, c.stored_outcome, c.stored_value, c.parts INTO fresh, stored_outcome, stored_value, parts
    FROM :"schema".commit_outcome(p_workflow, p_node, p_status, p_outcome, p_value, p_join, p_index, p_size, p_ttl) c;
  IF fresh THEN
    SELECT f.stored_outcome, f.stored_value INTO ended_outcome, ended_value
      FROM :"schema".finish_workflow(p_workflow, p_end_status, p_end_outcome, p_end_value, p_ttl, p_channel) f;
  ELSIF stored_outcome IS NOT NULL AND coalesce(stored_outcome::json ->> 'cascaded', 'false') <> 'true' THEN
    SELECT f.stored_outcome, f.stored_value INTO ended_outcome, ended_value
      FROM :"schema".finish_workflow(p_workflow, stored_outcome::json ->> 'status', stored_outcome, stored_value, p_ttl, p_channel) f;
  END IF;
END
$$;
