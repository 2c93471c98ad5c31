-- Nango's webhooks name a Nango connection, not a workspace: this function finds the runtime's
-- connections recorded for it, across workspaces, for the webhook handler only (SECURITY DEFINER,
-- as connection_workspace in V1). It answers ids, never credentials.
CREATE FUNCTION nango_connection_owners(p_nango_connection_id text)
  RETURNS TABLE (workspace_id uuid, connection_id uuid, connector_id text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT workspace_id, id, connector_id FROM connections
    WHERE kind = 'nango' AND nango_connection_id = p_nango_connection_id
$$;

REVOKE ALL ON FUNCTION nango_connection_owners(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION nango_connection_owners(text) TO automators_app;
