-- Calls run in the background ("async": true): one row per call, read by GET /api/v1/jobs/{id} under
-- the workspace's row-level security. The node running a job beats its heartbeat_at; a running row
-- whose heartbeat stopped was lost with its node. "timestamp" is when the job started, the column the
-- retention purge reads (its rows go with the plan's log retention).
CREATE TABLE action_jobs (
  id            uuid PRIMARY KEY,
  workspace_id  uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  connector_id  text NOT NULL,
  action        text NOT NULL,
  status        text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  rule          integer,
  provider      text,
  output        jsonb,
  failure       jsonb,
  trace_id      text NOT NULL,
  timestamp     timestamptz NOT NULL DEFAULT now(),
  heartbeat_at  timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX action_jobs_workspace_started ON action_jobs (workspace_id, timestamp DESC);

ALTER TABLE action_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE action_jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON action_jobs
  USING (workspace_id = current_workspace_id()) WITH CHECK (workspace_id = current_workspace_id());
GRANT SELECT, INSERT, UPDATE ON action_jobs TO automators_app;
-- As V5: the owner's SECURITY DEFINER functions (the retention purge) see every row.
CREATE POLICY owner_definer_functions ON action_jobs FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

CREATE OR REPLACE FUNCTION purge_expired_log_rows(p_table text, p_batch integer) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE deleted bigint;
BEGIN
  IF p_table NOT IN ('event_logs', 'agent_trace_history', 'model_cost_logs', 'prompt_similarity_logs', 'action_jobs') THEN
    RAISE EXCEPTION 'not a log table: %', p_table;
  END IF;
  EXECUTE format(
    'WITH expired AS (
       SELECT l.id FROM %I l JOIN workspaces w ON w.id = l.workspace_id
        WHERE l.timestamp < now() - make_interval(days => CASE w.plan WHEN ''free'' THEN 90 WHEN ''pro'' THEN 365
                                                                      ELSE coalesce(w.retention_days, 365) END)
        LIMIT $1)
     DELETE FROM %I WHERE id IN (SELECT id FROM expired)', p_table, p_table)
    USING greatest(1, least(p_batch, 100000));
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RETURN deleted;
END $$;
