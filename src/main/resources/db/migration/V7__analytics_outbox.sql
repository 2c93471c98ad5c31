-- The analytics outbox (issue 11). Every event row gets the UUID its event was created with: the
-- outbox's idempotency key, PostHog's uuid and RudderStack's messageId. An outbox row per configured
-- sink is written in the same transaction as the event's row; the drain spans workspaces, so it runs
-- through the narrow SECURITY DEFINER functions below (the owner sees every row through V5's policy),
-- never through the owner's pool. A row is deleted once its sink took it; after the configured number
-- of attempts it is dead-lettered with its last error, until an operator re-drives it.
ALTER TABLE event_logs ADD COLUMN event_id uuid;
CREATE UNIQUE INDEX event_logs_event_id ON event_logs (event_id) WHERE event_id IS NOT NULL;

ALTER TABLE event_outbox ADD COLUMN last_error text;
ALTER TABLE event_outbox ADD COLUMN dead_lettered_at timestamptz;
DROP INDEX event_outbox_pending;
CREATE INDEX event_outbox_due ON event_outbox (destination, next_attempt_at, id) WHERE dead_lettered_at IS NULL;
CREATE INDEX event_outbox_dead ON event_outbox (destination, dead_lettered_at) WHERE dead_lettered_at IS NOT NULL;

-- Up to p_limit due rows of one sink, leased for p_lease_seconds (another node skips them meanwhile,
-- and takes them again if this one dies before it says how the send went), each attempt counted.
CREATE FUNCTION claim_outbox(p_destination text, p_limit integer, p_lease_seconds integer)
  RETURNS TABLE (outbox_id bigint, attempt integer, event jsonb)
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH due AS (
    SELECT o.id FROM event_outbox o
     WHERE o.destination = p_destination AND o.dead_lettered_at IS NULL AND o.next_attempt_at <= now()
     ORDER BY o.next_attempt_at, o.id
     LIMIT greatest(1, least(p_limit, 10000))
     FOR UPDATE SKIP LOCKED)
  UPDATE event_outbox o
     SET attempts = o.attempts + 1,
         next_attempt_at = now() + make_interval(secs => greatest(p_lease_seconds, 1))
    FROM due WHERE o.id = due.id
  RETURNING o.id, o.attempts, o.payload
$$;

-- The sink took them: gone (sent rows are pruned at once; the event row stays in event_logs).
CREATE FUNCTION outbox_delivered(p_ids bigint[]) RETURNS integer
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH gone AS (DELETE FROM event_outbox WHERE id = ANY(p_ids) RETURNING 1) SELECT count(*)::integer FROM gone
$$;

-- The sink did not take them: try again at p_retry_at, or dead-letter those out of attempts. Returns
-- how many were dead-lettered.
CREATE FUNCTION outbox_failed(p_ids bigint[], p_error text, p_retry_at timestamptz, p_max_attempts integer)
  RETURNS integer
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH failed AS (
    UPDATE event_outbox
       SET last_error = left(p_error, 500),
           next_attempt_at = p_retry_at,
           dead_lettered_at = CASE WHEN attempts >= p_max_attempts THEN now() END
     WHERE id = ANY(p_ids)
    RETURNING dead_lettered_at)
  SELECT count(dead_lettered_at)::integer FROM failed
$$;

CREATE FUNCTION outbox_dead_letters(p_destination text, p_limit integer)
  RETURNS TABLE (outbox_id bigint, destination text, workspace_id uuid, event_id text, event_type text,
                 attempts integer, last_error text, dead_lettered_at timestamptz)
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT o.id, o.destination, o.workspace_id, o.idempotency_key, o.event_type, o.attempts, o.last_error, o.dead_lettered_at
    FROM event_outbox o
   WHERE o.dead_lettered_at IS NOT NULL AND (p_destination IS NULL OR o.destination = p_destination)
   ORDER BY o.dead_lettered_at, o.id
   LIMIT greatest(1, least(p_limit, 1000))
$$;

-- Dead letters of one sink (or all) back in the queue, their attempts reset. Returns how many.
CREATE FUNCTION outbox_redrive(p_destination text) RETURNS integer
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH again AS (
    UPDATE event_outbox SET dead_lettered_at = NULL, attempts = 0, next_attempt_at = now()
     WHERE dead_lettered_at IS NOT NULL AND (p_destination IS NULL OR destination = p_destination)
    RETURNING 1)
  SELECT count(*)::integer FROM again
$$;

CREATE FUNCTION outbox_counts() RETURNS TABLE (destination text, pending bigint, dead_letters bigint)
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT o.destination, count(*) FILTER (WHERE o.dead_lettered_at IS NULL), count(*) FILTER (WHERE o.dead_lettered_at IS NOT NULL)
    FROM event_outbox o GROUP BY o.destination
$$;

DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['claim_outbox(text, integer, integer)', 'outbox_delivered(bigint[])',
                           'outbox_failed(bigint[], text, timestamptz, integer)', 'outbox_dead_letters(text, integer)',
                           'outbox_redrive(text)', 'outbox_counts()']
  LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO automators_app', f);
  END LOOP;
END $$;
