-- Rule 3's quota: the calls each workspace made today on the platform's shared keys, one row a day,
-- counted in one upsert that refuses past the plan's limit (every node, across restarts).
CREATE TABLE shared_key_usage (
  workspace_id  uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day           date NOT NULL,
  calls         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, day)
);

ALTER TABLE shared_key_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE shared_key_usage FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON shared_key_usage
  USING (workspace_id = current_workspace_id()) WITH CHECK (workspace_id = current_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON shared_key_usage TO automators_app;
