package io.automators.connectors.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes event_logs rows and, in the same transaction, one event_outbox row per configured analytics
 * sink: the event in the one analytics schema ({@code event_id}, {@code event_type}, {@code workspace_id},
 * {@code organization_id}, {@code user_id}, {@code trace_id}, {@code timestamp}, {@code status},
 * {@code latency_ms}, {@code properties}), which the drain maps to each sink's shape. The caller has
 * entered the rows' workspace and owns the transaction.
 */
@Component
public class EventRows {

    private static final String INSERT_EVENT = "INSERT INTO event_logs (event_id, workspace_id, user_id, event_type, context,"
            + " status, latency_ms, trace_id, timestamp) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)";
    private static final String INSERT_OUTBOX = "INSERT INTO event_outbox (workspace_id, destination, idempotency_key,"
            + " event_type, payload) VALUES (?, ?, ?, ?, ?::jsonb)";

    private final ObjectMapper mapper;
    private final AnalyticsSinks sinks;
    private final AnalyticsEventJson analyticsJson;

    public EventRows(ObjectMapper mapper, AnalyticsSinks sinks) {
        this.mapper = mapper;
        this.sinks = sinks;
        this.analyticsJson = new AnalyticsEventJson(mapper);
    }

    /** The rows of one workspace (entered by the caller, inside its transaction). */
    public void write(JdbcTemplate jdbc, List<EventLogEntry> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT_EVENT, rows, rows.size(), (ps, e) -> {
            ps.setObject(1, e.eventId());
            ps.setObject(2, e.workspaceId());
            ps.setString(3, e.userId());
            ps.setString(4, e.eventType());
            ps.setString(5, json(e.context()));
            ps.setString(6, e.status());
            ps.setObject(7, e.latencyMs());
            ps.setString(8, e.traceId());
            ps.setTimestamp(9, Timestamp.from(e.timestamp().toInstant()));
        });
        List<String> destinations = sinks.configured();
        if (destinations.isEmpty()) {
            return;
        }
        List<Object[]> outbox = new ArrayList<>(rows.size() * destinations.size());
        for (EventLogEntry e : rows) {
            String payload = analyticsEvent(e);
            for (String destination : destinations) {
                outbox.add(new Object[] {e.workspaceId(), destination, e.eventId().toString(), e.eventType(), payload});
            }
        }
        jdbc.batchUpdate(INSERT_OUTBOX, outbox);
    }

    /** The event in the one analytics schema every sink is fed from. */
    String analyticsEvent(EventLogEntry e) {
        return analyticsJson.write(e);
    }

    private String json(Map<String, Object> context) {
        try {
            return context == null ? null : mapper.writeValueAsString(context);
        } catch (JsonProcessingException ex) {
            return "{\"unserializable\":true}";
        }
    }
}
