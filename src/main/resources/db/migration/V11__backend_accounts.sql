-- A workspace's own identity at a waterfall backend: Composio's user (entity) id whose connected
-- accounts run the workspace's tools (rule 4). Without a row the workspace's id is its user id there.
CREATE TABLE backend_accounts (
  workspace_id  uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  backend       text NOT NULL CHECK (backend IN ('composio')),
  account_id    text NOT NULL CHECK (length(account_id) BETWEEN 1 AND 200),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, backend)
);

ALTER TABLE backend_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE backend_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON backend_accounts
  USING (workspace_id = current_workspace_id()) WITH CHECK (workspace_id = current_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON backend_accounts TO automators_app;
