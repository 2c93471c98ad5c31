-- FORCE ROW LEVEL SECURITY applies to the tables' owner too. A superuser owner (the embedded default)
-- bypasses it anyway; a non-superuser owner (a managed PostgreSQL's DATABASE_URL) does not, and the
-- SECURITY DEFINER functions (resolve_api_key, connection_workspace, nango_connection_owners) run as
-- that owner: without these policies they would see no row, and no API key would resolve. The owner
-- role (the one running these migrations) gets every row; tenant queries run as automators_app, which
-- has no such policy, so a workspace still sees its own rows only.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['workspaces', 'api_keys', 'connections', 'custom_connectors', 'event_logs',
                           'agent_trace_history', 'model_cost_logs', 'prompt_similarity_logs', 'event_outbox']
  LOOP
    EXECUTE format('CREATE POLICY owner_definer_functions ON %I FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;
