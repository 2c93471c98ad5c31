package io.automators.connectors.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * The one analytics schema, as JSON: what the outbox holds for every sink and what the event topic
 * carries between nodes ({@code event_id}, {@code event_type}, {@code workspace_id},
 * {@code organization_id}, {@code user_id}, {@code trace_id}, {@code timestamp}, {@code status},
 * {@code latency_ms}, {@code properties}: the row's context).
 */
final class AnalyticsEventJson {

    private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() {};

    private final ObjectMapper mapper;

    AnalyticsEventJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String write(EventLogEntry e) {
        ObjectNode event = mapper.createObjectNode();
        event.put("event_id", e.eventId().toString());
        event.put("event_type", e.eventType());
        event.put("workspace_id", e.workspaceId().toString());
        event.put("organization_id", e.organizationId() == null ? null : e.organizationId().toString());
        event.put("user_id", e.userId());
        event.put("trace_id", e.traceId());
        event.put("timestamp", e.timestamp().toInstant().toString());
        event.put("status", e.status());
        if (e.latencyMs() != null) {
            event.put("latency_ms", e.latencyMs());
        }
        event.set("properties", mapper.valueToTree(e.context() == null ? Map.of() : e.context()));
        return event.toString();
    }

    /** The event back from its JSON; an IllegalArgumentException names what is missing or malformed. */
    EventLogEntry read(byte[] json) {
        JsonNode event;
        try {
            event = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not readable: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, Object> properties = event.path("properties").isObject()
                ? mapper.convertValue(event.get("properties"), PROPERTIES) : null;
        return new EventLogEntry(uuid(event, "event_id", true), uuid(event, "workspace_id", true),
                uuid(event, "organization_id", false), text(event, "user_id"), required(event, "event_type"), properties,
                text(event, "status"), event.hasNonNull("latency_ms") ? event.get("latency_ms").asInt() : null,
                text(event, "trace_id"), OffsetDateTime.ofInstant(Instant.parse(required(event, "timestamp")), ZoneOffset.UTC));
    }

    private static UUID uuid(JsonNode event, String field, boolean required) {
        String value = required ? required(event, field) : text(event, field);
        return value == null ? null : UUID.fromString(value);
    }

    private static String required(JsonNode event, String field) {
        String value = text(event, field);
        if (value == null) {
            throw new IllegalArgumentException("no " + field);
        }
        return value;
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
