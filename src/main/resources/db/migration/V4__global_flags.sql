-- Global feature flags (workspace_id NULL) are written by the runtime's owner role only, through the
-- admin API. FORCE ROW LEVEL SECURITY applies to the owner too, so it gets a policy for those rows and
-- no others; tenants keep reading them (flags_read) and writing their workspace's own (flags_write).
CREATE POLICY flags_global_owner ON feature_flags FOR ALL TO CURRENT_USER
  USING (workspace_id IS NULL) WITH CHECK (workspace_id IS NULL);
