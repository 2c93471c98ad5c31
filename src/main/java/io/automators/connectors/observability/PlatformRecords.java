package io.automators.connectors.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.events.EventLogEntry;
import io.automators.connectors.events.EventRows;
import io.automators.connectors.flags.FeatureFlags;
import io.automators.connectors.security.Workspace;
import io.automators.connectors.storage.TenantJdbc;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What the platform's own components (the LangGraph executor, LLM nodes, guardrails, RAG) post about
 * their work, written to the plan's log tables in one transaction per post under the workspace's
 * row-level security. The workspace is the API key's, never a body's; the user is the key's when it
 * names one, else the item's {@code user_id}; the trace is the call's.
 */
@Component
public class PlatformRecords {

    private final IngestionSchemas schemas;
    private final ModelPricing pricing;
    private final TenantJdbc tenantJdbc;
    private final FeatureFlags flags;
    private final EventRows eventRows;
    private final ObjectMapper mapper;

    public PlatformRecords(IngestionSchemas schemas, ModelPricing pricing, TenantJdbc tenantJdbc, FeatureFlags flags,
            EventRows eventRows, ObjectMapper mapper) {
        this.eventRows = eventRows;
        this.mapper = mapper;
        this.schemas = schemas;
        this.pricing = pricing;
        this.tenantJdbc = tenantJdbc;
        this.flags = flags;
    }

    /** The plan's gates: a prompt_blocked or rag_query_triggered event counts only where its flag is on. */
    private static final Map<String, String> EVENT_GATES = Map.of(
            "prompt_blocked", "enable_guardrails_tracing",
            "rag_query_triggered", "versioned_rag_tracking");

    /** flow_executed, agent_created, prompt_blocked, rag_query_triggered → event_logs, and the analytics outbox. */
    public Recorded events(Workspace workspace, String traceId, JsonNode body) {
        List<JsonNode> items = schemas.items(IngestionSchemas.Kind.EVENT, body);
        List<EventLogEntry> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String gate = EVENT_GATES.get(item.path("event_type").asText());
            if (gate != null && !flags.isEnabled(workspace.id(), user(workspace, item), gate)) {
                warnings.add((body.isArray() ? "/" + i : "") + "/event_type: " + gate + " is off: not recorded");
                continue;
            }
            JsonNode properties = item.path("properties");
            JsonNode latency = properties.has("time_ms") ? properties.get("time_ms") : properties.get("latency_ms");
            @SuppressWarnings("unchecked")
            Map<String, Object> context = mapper.convertValue(properties, Map.class);
            rows.add(new EventLogEntry(UUID.randomUUID(), workspace.id(), workspace.organizationId(), user(workspace, item),
                    item.path("event_type").asText(), context, item.path("status").asText(null),
                    latency == null ? null : latency.asInt(), traceId,
                    OffsetDateTime.ofInstant(timestamp(item).toInstant(), ZoneOffset.UTC)));
        }
        if (!rows.isEmpty()) {
            tenantJdbc.inWorkspace(workspace.id(), jdbc -> {
                eventRows.write(jdbc, rows);
                return null;
            });
        }
        return new Recorded(rows.size(), traceId, warnings);
    }

    /** An agent's run → agent_trace_history. */
    public Recorded agentTraces(Workspace workspace, String traceId, JsonNode body) {
        List<JsonNode> items = schemas.items(IngestionSchemas.Kind.AGENT_TRACE, body);
        List<Object[]> rows = new ArrayList<>();
        for (JsonNode item : items) {
            rows.add(new Object[] {workspace.id(), item.path("agent_id").asText(), item.path("flow_id").asText(null), traceId,
                    json(item.get("input_context")), json(item.get("execution_nodes")), item.path("output_summary").asText(null),
                    item.path("error").asText(null), timestamp(item)});
        }
        insert(workspace, "INSERT INTO agent_trace_history (workspace_id, agent_id, flow_id, trace_id, input_context,"
                + " execution_nodes, output_summary, error, timestamp) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)", rows);
        return new Recorded(rows.size(), traceId, List.of());
    }

    /** A model call's tokens → model_cost_logs, its rate and cost from the pricing table when not given. */
    public Recorded costs(Workspace workspace, String traceId, JsonNode body) {
        List<JsonNode> items = schemas.items(IngestionSchemas.Kind.COST, body);
        List<Object[]> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!flags.isEnabled(workspace.id(), user(workspace, item), "track_model_costs")) {
                warnings.add((body.isArray() ? "/" + i : "") + ": track_model_costs is off: not recorded");
                continue;
            }
            String model = item.path("model_name").asText();
            long in = item.path("input_tokens").asLong();
            long out = item.path("output_tokens").asLong();
            BigDecimal rate = item.has("rate_per_1k") ? item.get("rate_per_1k").decimalValue() : null;
            BigDecimal cost = item.has("cost_usd") ? item.get("cost_usd").decimalValue() : null;
            if (cost == null) {
                var price = pricing.of(model);
                if (price.isPresent()) {
                    cost = rate != null ? rate.multiply(BigDecimal.valueOf(in + out)).divide(BigDecimal.valueOf(1000))
                            : price.get().cost(in, out);
                    rate = rate != null ? rate : price.get().blendedRate(in, out);
                } else if (rate != null) {
                    cost = rate.multiply(BigDecimal.valueOf(in + out)).divide(BigDecimal.valueOf(1000));
                } else {
                    warnings.add((body.isArray() ? "/" + i : "") + "/model_name: " + model
                            + " is not in the pricing table (automators.costs.pricing-file); its cost is left empty");
                }
            }
            rows.add(new Object[] {workspace.id(), user(workspace, item), item.path("agent_id").asText(null), model, in, out,
                    rate, cost, traceId, timestamp(item)});
        }
        insert(workspace, "INSERT INTO model_cost_logs (workspace_id, user_id, agent_id, model_name, input_tokens, output_tokens,"
                + " rate_per_1k, cost_usd, trace_id, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        return new Recorded(rows.size(), traceId, warnings);
    }

    /** A guardrail's similarity check → prompt_similarity_logs. */
    public Recorded similarity(Workspace workspace, String traceId, JsonNode body) {
        List<JsonNode> items = schemas.items(IngestionSchemas.Kind.SIMILARITY, body);
        List<Object[]> rows = new ArrayList<>();
        for (JsonNode item : items) {
            rows.add(new Object[] {workspace.id(), user(workspace, item), item.path("agent_id").asText(null),
                    item.path("similarity_score").asDouble(), item.path("flagged_reference").asText(null),
                    item.path("action_taken").asText(), traceId, timestamp(item)});
        }
        insert(workspace, "INSERT INTO prompt_similarity_logs (workspace_id, user_id, agent_id, similarity_score,"
                + " flagged_reference, action_taken, trace_id, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
        return new Recorded(rows.size(), traceId, List.of());
    }

    private void insert(Workspace workspace, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        tenantJdbc.inWorkspace(workspace.id(), jdbc -> jdbc.batchUpdate(sql, rows));
    }

    /** The key's user decides where it names one; otherwise the item says. */
    private static String user(Workspace workspace, JsonNode item) {
        return workspace.userId() != null ? workspace.userId() : item.path("user_id").asText(null);
    }

    private static Timestamp timestamp(JsonNode item) {
        return Timestamp.from(item.has("timestamp") ? OffsetDateTime.parse(item.get("timestamp").asText()).toInstant() : Instant.now());
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    /** How many rows were written, under which trace, and what the caller should know. */
    public record Recorded(int recorded, String traceId, List<String> warnings) {}
}
