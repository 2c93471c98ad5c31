-- The runtime's own tables. Tenant rows carry workspace_id; Row-Level Security is ENABLEd and
-- FORCEd on each tenant table and filters on the transaction's app.workspace_id, which the
-- runtime sets with set_config(..., true) (SET LOCAL) as the non-owner role automators_app.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'automators_app') THEN
    CREATE ROLE automators_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;
GRANT automators_app TO CURRENT_USER;

-- The workspace of the current transaction, or NULL when none is set (then no tenant row is visible).
CREATE FUNCTION current_workspace_id() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.workspace_id', true), '')::uuid $$;

-- Facts about this deployment, not about a tenant (no RLS): e.g. that the first start has run.
CREATE TABLE runtime_state (
  key         text PRIMARY KEY,
  value       text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workspaces (
  id               uuid PRIMARY KEY,
  organization_id  uuid NOT NULL,
  name             text NOT NULL,
  plan             text NOT NULL CHECK (plan IN ('free', 'pro', 'enterprise')),
  retention_days   integer CHECK (retention_days IS NULL OR retention_days > 0),
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id            uuid PRIMARY KEY,
  workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id       text,
  key_hash      bytea NOT NULL UNIQUE,
  key_prefix    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);

CREATE TABLE connections (
  id                   uuid PRIMARY KEY,
  workspace_id         uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  connector_id         text NOT NULL,
  name                 text NOT NULL,
  kind                 text NOT NULL CHECK (kind IN ('credentials', 'nango')),
  credentials          bytea,
  nango_connection_id  text,
  is_default           boolean NOT NULL DEFAULT false,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, connector_id, name)
);
CREATE UNIQUE INDEX connections_one_default ON connections (workspace_id, connector_id) WHERE is_default;

CREATE TABLE custom_connectors (
  workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  connector_id  text NOT NULL,
  version       text NOT NULL,
  manifest      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, connector_id, version)
);

CREATE TABLE event_logs (
  id            bigserial PRIMARY KEY,
  workspace_id  uuid NOT NULL,
  user_id       text,
  event_type    text NOT NULL,
  context       jsonb,
  status        text,
  latency_ms    integer,
  trace_id      text,
  timestamp     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_logs_workspace_time ON event_logs (workspace_id, timestamp);
CREATE INDEX event_logs_trace ON event_logs (trace_id);
CREATE INDEX event_logs_type ON event_logs (event_type);

CREATE TABLE agent_trace_history (
  id               bigserial PRIMARY KEY,
  workspace_id     uuid NOT NULL,
  agent_id         text,
  flow_id          text,
  trace_id         text,
  input_context    jsonb,
  execution_nodes  jsonb,
  output_summary   text,
  error            text,
  timestamp        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_trace_history_workspace_time ON agent_trace_history (workspace_id, timestamp);
CREATE INDEX agent_trace_history_trace ON agent_trace_history (trace_id);

CREATE TABLE model_cost_logs (
  id             bigserial PRIMARY KEY,
  workspace_id   uuid NOT NULL,
  user_id        text,
  agent_id       text,
  model_name     text NOT NULL,
  input_tokens   integer NOT NULL DEFAULT 0,
  output_tokens  integer NOT NULL DEFAULT 0,
  rate_per_1k    numeric(12, 6),
  cost_usd       numeric(14, 6),
  trace_id       text,
  timestamp      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX model_cost_logs_workspace_time ON model_cost_logs (workspace_id, timestamp);
CREATE INDEX model_cost_logs_trace ON model_cost_logs (trace_id);

CREATE TABLE prompt_similarity_logs (
  id                 bigserial PRIMARY KEY,
  workspace_id       uuid NOT NULL,
  user_id            text,
  agent_id           text,
  similarity_score   double precision,
  flagged_reference  text,
  action_taken       text,
  trace_id           text,
  timestamp          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prompt_similarity_logs_workspace_time ON prompt_similarity_logs (workspace_id, timestamp);
CREATE INDEX prompt_similarity_logs_trace ON prompt_similarity_logs (trace_id);

-- workspace_id NULL is a global flag, readable by every workspace and written by the owner only.
CREATE TABLE feature_flags (
  id            bigserial PRIMARY KEY,
  flag_name     text NOT NULL,
  is_enabled    boolean NOT NULL,
  user_id       text,
  workspace_id  uuid,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX feature_flags_scope ON feature_flags (flag_name, coalesce(workspace_id::text, ''), coalesce(user_id, ''));

CREATE TABLE event_outbox (
  id               bigserial PRIMARY KEY,
  workspace_id     uuid NOT NULL,
  destination      text NOT NULL,
  idempotency_key  text NOT NULL,
  event_type       text NOT NULL,
  payload          jsonb NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  UNIQUE (destination, idempotency_key)
);
CREATE INDEX event_outbox_pending ON event_outbox (next_attempt_at) WHERE sent_at IS NULL;

-- Row-Level Security on every tenant table.
ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspaces FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON workspaces
  USING (id = current_workspace_id()) WITH CHECK (id = current_workspace_id());

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['api_keys', 'connections', 'custom_connectors', 'event_logs', 'agent_trace_history',
                           'model_cost_logs', 'prompt_similarity_logs', 'event_outbox']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY workspace_isolation ON %I USING (workspace_id = current_workspace_id()) '
                   'WITH CHECK (workspace_id = current_workspace_id())', t);
  END LOOP;
END $$;

ALTER TABLE feature_flags ENABLE ROW LEVEL SECURITY;
ALTER TABLE feature_flags FORCE ROW LEVEL SECURITY;
CREATE POLICY flags_read ON feature_flags FOR SELECT
  USING (workspace_id IS NULL OR workspace_id = current_workspace_id());
CREATE POLICY flags_write ON feature_flags FOR ALL
  USING (workspace_id = current_workspace_id()) WITH CHECK (workspace_id = current_workspace_id());

-- An API key is looked up before its workspace is known: this definer function answers only the
-- row whose hash matches, so the tenant role never reads api_keys across workspaces.
CREATE FUNCTION resolve_api_key(p_hash bytea)
  RETURNS TABLE (workspace_id uuid, organization_id uuid, plan text, user_id text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT k.workspace_id, w.organization_id, w.plan, k.user_id
      FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
     WHERE k.key_hash = p_hash AND k.revoked_at IS NULL
$$;

-- Tells "another workspace's connection" (403) from "no such connection" (404) without reading it.
CREATE FUNCTION connection_workspace(p_id uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT workspace_id FROM connections WHERE id = p_id
$$;

REVOKE ALL ON FUNCTION resolve_api_key(bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION connection_workspace(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION resolve_api_key(bytea), connection_workspace(uuid), current_workspace_id() TO automators_app;
GRANT USAGE ON SCHEMA public TO automators_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO automators_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO automators_app;
REVOKE ALL ON flyway_schema_history, runtime_state FROM automators_app;
