-- A workspace's own connectors (POST /api/v1/connectors), in the plan's table (V1, already under
-- row-level security): one row per published version, never changed once written; a new version is a
-- new row, and unregistering deletes the connector's rows. The manifest is the checked one as
-- registered; an OpenAPI connector keeps its document beside it, and every row says where it came from.
ALTER TABLE custom_connectors
  ADD COLUMN document text,
  ADD COLUMN source   text NOT NULL DEFAULT 'manifest',
  ADD CONSTRAINT custom_connectors_id CHECK (connector_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  ADD CONSTRAINT custom_connectors_version CHECK (length(version) BETWEEN 5 AND 100);
