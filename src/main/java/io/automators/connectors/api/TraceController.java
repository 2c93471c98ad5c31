package io.automators.connectors.api;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.security.Workspace;
import io.automators.connectors.storage.TenantJdbc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every logged row of one trace, across the log tables, for the caller's workspace only (RLS). */
@RestController
@RequestMapping("/api/v1/traces")
public class TraceController {

    private static final Map<String, String> TABLES = Map.of(
            "eventLogs", "SELECT id, user_id, event_type, context::text AS context, status, latency_ms, trace_id, timestamp"
                    + " FROM event_logs WHERE trace_id = ? ORDER BY timestamp, id",
            "agentTraces", "SELECT id, agent_id, flow_id, trace_id, input_context::text AS input_context,"
                    + " execution_nodes::text AS execution_nodes, output_summary, error, timestamp"
                    + " FROM agent_trace_history WHERE trace_id = ? ORDER BY timestamp, id",
            "modelCosts", "SELECT id, user_id, agent_id, model_name, input_tokens, output_tokens, rate_per_1k, cost_usd,"
                    + " trace_id, timestamp FROM model_cost_logs WHERE trace_id = ? ORDER BY timestamp, id",
            "promptSimilarity", "SELECT id, user_id, agent_id, similarity_score, flagged_reference, action_taken,"
                    + " trace_id, timestamp FROM prompt_similarity_logs WHERE trace_id = ? ORDER BY timestamp, id");

    private final TenantJdbc tenantJdbc;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    public TraceController(TenantJdbc tenantJdbc, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.tenantJdbc = tenantJdbc;
        this.mapper = mapper;
    }

    @GetMapping("/{traceId}")
    public Map<String, Object> trace(@PathVariable String traceId,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        if (!traceId.matches("[0-9a-f]{32}")) {
            throw CallFailure.invalidInput("traceId must be 32 lowercase hex digits (a W3C trace id)");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("traceId", traceId);
        tenantJdbc.inWorkspace(workspace.id(), jdbc -> {
            for (String name : List.of("eventLogs", "agentTraces", "modelCosts", "promptSimilarity")) {
                List<Map<String, Object>> rows = jdbc.queryForList(TABLES.get(name), traceId);
                rows.forEach(this::parseJsonColumns);
                result.put(name, rows);
            }
            return null;
        });
        return result;
    }

    private void parseJsonColumns(Map<String, Object> row) {
        for (String column : List.of("context", "input_context", "execution_nodes")) {
            if (row.get(column) instanceof String text) {
                try {
                    row.put(column, mapper.readTree(text));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // keep the text as it is
                }
            }
        }
    }
}
