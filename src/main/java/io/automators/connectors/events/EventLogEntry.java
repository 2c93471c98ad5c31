package io.automators.connectors.events;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** One event_logs row, as the plan defines it. */
public record EventLogEntry(UUID workspaceId, String userId, String eventType, Map<String, Object> context,
        String status, Integer latencyMs, String traceId, OffsetDateTime timestamp) {}
