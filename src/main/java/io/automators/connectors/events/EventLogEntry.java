package io.automators.connectors.events;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * One event_logs row, as the plan defines it, with the UUID the event got when it was created (the
 * outbox's idempotency key, PostHog's {@code uuid}, RudderStack's {@code messageId}) and the
 * workspace's organization, which the analytics sinks receive.
 */
public record EventLogEntry(UUID eventId, UUID workspaceId, UUID organizationId, String userId, String eventType,
        Map<String, Object> context, String status, Integer latencyMs, String traceId, OffsetDateTime timestamp) {

    /** A new event of a workspace without an organization: its UUID is made here. */
    public EventLogEntry(UUID workspaceId, String userId, String eventType, Map<String, Object> context,
            String status, Integer latencyMs, String traceId, OffsetDateTime timestamp) {
        this(UUID.randomUUID(), workspaceId, null, userId, eventType, context, status, latencyMs, traceId, timestamp);
    }
}
