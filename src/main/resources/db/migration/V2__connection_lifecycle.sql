-- Connections get a lifecycle (issue: end-user OAuth). Kinds: credentials (stored by the workspace),
-- nango (a Nango connection), oauth (the runtime's own OAuth client). A status with the time and
-- reason of its last change: connected, needs_reconnect (a refresh failed, the vendor refused the
-- grant), revoked. The table keeps V1's grants, Row-Level Security (enabled and forced) and policy.
ALTER TABLE connections DROP CONSTRAINT connections_kind_check;
ALTER TABLE connections ADD CONSTRAINT connections_kind_check CHECK (kind IN ('credentials', 'nango', 'oauth'));

ALTER TABLE connections
  ADD COLUMN status            text NOT NULL DEFAULT 'connected'
                               CHECK (status IN ('connected', 'needs_reconnect', 'revoked')),
  ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN status_reason     text CHECK (length(status_reason) <= 500);

CREATE INDEX connections_needing_attention ON connections (workspace_id, connector_id) WHERE status <> 'connected';
