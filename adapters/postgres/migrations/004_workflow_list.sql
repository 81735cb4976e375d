/*
  app.workflows(): what a workflow is listed with (its name, its task names, when it ended) and the indexes
  that keep a page to an index scan, newest first by (planned_at, id).

  create_workflow gains two parameters, the workflow's name and its distinct task names, computed by the
  caller from the plan (parsing the plan here would cost a jsonb parse per workflow, and jsonb refuses some
  strings a task may carry). ended_at is set by a trigger when the outcome is first written, so
  finish_workflow and revoke_workflow are unchanged.
*/
ALTER TABLE :"schema".workflows
  ADD COLUMN name     text,
  ADD COLUMN tasks    text[] NOT NULL DEFAULT '{}',
  ADD COLUMN ended_at double precision;

CREATE INDEX workflows_newest ON :"schema".workflows (planned_at DESC, id DESC);
CREATE INDEX workflows_state_newest ON :"schema".workflows (state, planned_at DESC, id DESC);
CREATE INDEX workflows_tasks ON :"schema".workflows USING gin (tasks);

CREATE FUNCTION :"schema".create_workflow(p_workflow text, p_plan text, p_planned_at double precision, p_ttl integer, p_name text, p_tasks text[]) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO :"schema".workflows (id, plan, planned_at, expires_at, name, tasks)
  VALUES (p_workflow, p_plan, p_planned_at, now() + make_interval(secs => p_ttl), p_name, p_tasks)
  ON CONFLICT (id) DO NOTHING;
  RETURN FOUND;
END
$$;

CREATE FUNCTION :"schema".workflow_ended() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.outcome IS NULL AND NEW.outcome IS NOT NULL THEN
    NEW.ended_at := floor(extract(epoch FROM clock_timestamp()) * 1000);
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER workflow_ended BEFORE UPDATE OF outcome ON :"schema".workflows
  FOR EACH ROW EXECUTE FUNCTION :"schema".workflow_ended();
