-- Retention: the log tables keep a workspace's rows for its plan's time (free 90 days, pro 365,
-- enterprise its retention_days, else 365). The purge spans workspaces, so it runs as this narrow
-- SECURITY DEFINER function (the owner sees every row through V5's policy); the tenant role may call
-- it and nothing else across workspaces. One call deletes at most p_batch rows of one log table.
CREATE FUNCTION purge_expired_log_rows(p_table text, p_batch integer) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE deleted bigint;
BEGIN
  IF p_table NOT IN ('event_logs', 'agent_trace_history', 'model_cost_logs', 'prompt_similarity_logs') THEN
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

REVOKE ALL ON FUNCTION purge_expired_log_rows(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_expired_log_rows(text, integer) TO automators_app;
