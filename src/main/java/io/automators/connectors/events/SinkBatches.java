package io.automators.connectors.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The analytics events of one claimed batch in each sink's documented shape. The person is the user,
 * or the workspace when the event has no user; the event's UUID makes a re-sent batch harmless
 * (PostHog's {@code uuid}, RudderStack's {@code messageId}).
 *
 * <ul>
 *   <li>PostHog, {@code POST <host>/batch/}: {@code {"api_key", "historical_migration": false,
 *       "batch": [{"event", "uuid", "timestamp", "properties": {"distinct_id", …}}]}}
 *       (https://posthog.com/docs/api/capture)</li>
 *   <li>RudderStack, {@code POST <data plane>/v1/batch} with Basic auth (the write key, no password):
 *       {@code {"batch": [{"type": "track", "event", "messageId", "userId", "timestamp", "properties"}]}}
 *       (https://www.rudderstack.com/docs/api/http-api/)</li>
 * </ul>
 */
@Component
public class SinkBatches {

    private final ObjectMapper mapper;
    private final AnalyticsSinks sinks;

    public SinkBatches(ObjectMapper mapper, AnalyticsSinks sinks) {
        this.mapper = mapper;
        this.sinks = sinks;
    }

    public String posthog(List<Outbox.Claimed> claimed) {
        ObjectNode body = mapper.createObjectNode();
        body.put("api_key", sinks.posthogApiKey());
        body.put("historical_migration", false);
        ArrayNode batch = body.putArray("batch");
        for (Outbox.Claimed row : claimed) {
            JsonNode e = row.event();
            ObjectNode event = batch.addObject();
            event.put("event", e.path("event_type").asText());
            event.put("uuid", e.path("event_id").asText());
            event.put("timestamp", e.path("timestamp").asText());
            ObjectNode properties = properties(e);
            properties.put("distinct_id", person(e));
            event.set("properties", properties);
        }
        return body.toString();
    }

    public String rudderstack(List<Outbox.Claimed> claimed) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode batch = body.putArray("batch");
        for (Outbox.Claimed row : claimed) {
            JsonNode e = row.event();
            ObjectNode event = batch.addObject();
            event.put("type", "track");
            event.put("event", e.path("event_type").asText());
            event.put("messageId", e.path("event_id").asText());
            event.put("userId", person(e));
            event.put("timestamp", e.path("timestamp").asText());
            event.set("properties", properties(e));
        }
        return body.toString();
    }

    /** The event's own properties, then who and where: trace, workspace, organization, status, latency. */
    private ObjectNode properties(JsonNode e) {
        ObjectNode properties = e.path("properties").isObject() ? ((ObjectNode) e.get("properties")).deepCopy()
                : mapper.createObjectNode();
        for (String field : List.of("trace_id", "workspace_id", "organization_id", "user_id", "status", "latency_ms")) {
            JsonNode value = e.get(field);
            if (value != null && !value.isNull()) {
                properties.set(field, value);
            }
        }
        return properties;
    }

    private static String person(JsonNode e) {
        JsonNode user = e.get("user_id");
        return user != null && !user.isNull() && !user.asText().isBlank() ? user.asText() : e.path("workspace_id").asText();
    }
}
