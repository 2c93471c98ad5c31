package io.automators.connectors.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.ApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The platform's components post their records through the HTTP API: each lands in its table under
 * the API key's workspace and the call's trace (a caller's traceparent continued), a bad item names
 * its path and leaves nothing written, and a workspace id in a body changes nothing.
 */
class IngestionTest extends ApiTestSupport {

    @Test
    void anEventBatchLandsUnderTheCallersTraceAndWorkspace() {
        Tenant t = newWorkspace("pro");
        String trace = hex32();
        Response r = post(t, "/api/v1/events", List.of(
                Map.of("event_type", "flow_executed", "properties", Map.of("flow_id", "f-1", "tools_used", List.of("slack", "hubspot"), "time_ms", 820)),
                Map.of("event_type", "agent_created", "properties", Map.of("agent_type", "react", "memory_backend", "redis")),
                Map.of("event_type", "prompt_blocked", "properties", Map.of("match_score", 0.93, "source", "jailbreak-db"), "status", "blocked"),
                Map.of("event_type", "rag_query_triggered", "properties", Map.of("vector_db_used", "pgvector", "latency_ms", 41))), trace);

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("recorded").asInt()).isEqualTo(4);
        assertThat(r.json().get("traceId").asText()).isEqualTo(trace);
        JsonNode rows = trace(t, trace).get("eventLogs");
        assertThat(rows).hasSize(4);
        assertThat(rows).extracting(row -> row.get("event_type").asText())
                .containsExactlyInAnyOrder("flow_executed", "agent_created", "prompt_blocked", "rag_query_triggered");
        JsonNode flow = find(rows, "flow_executed");
        assertThat(flow.get("latency_ms").asInt()).isEqualTo(820);
        assertThat(flow.at("/context/tools_used/1").asText()).isEqualTo("hubspot");
        assertThat(find(rows, "prompt_blocked").get("status").asText()).isEqualTo("blocked");
        // No analytics sink is configured here: the events get no outbox rows.
        JsonNode outbox = call("GET", "/api/v1/admin/outbox", adminToken.value(), null).json();
        assertThat(outbox.at("/sinks/posthog/configured").asBoolean()).isFalse();
        assertThat(outbox.at("/sinks/posthog/pending").asLong()).isZero();
        assertThat(outbox.at("/sinks/rudderstack/pending").asLong()).isZero();
    }

    @Test
    void aBadItemNamesItsPathAndNothingIsWritten() {
        Tenant t = newWorkspace("pro");
        String trace = hex32();
        Response r = post(t, "/api/v1/events", List.of(
                Map.of("event_type", "flow_executed", "properties", Map.of("flow_id", "f-1", "tools_used", List.of(), "time_ms", 1)),
                Map.of("event_type", "flow_executed", "properties", Map.of("flow_id", "f-2", "tools_used", List.of()))), trace);

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().at("/errors/0/path").asText()).isEqualTo("/1/properties/time_ms");
        assertThat(trace(t, trace).get("eventLogs")).isEmpty();

        Response runtimesOwn = post(t, "/api/v1/events", Map.of("event_type", "tool_used", "properties", Map.of()), hex32());
        assertThat(runtimesOwn.status()).as("tool_used is the runtime's own row").isEqualTo(400);
        assertThat(runtimesOwn.json().at("/errors/0/path").asText()).isEqualTo("/event_type");
        assertThat(post(t, "/api/v1/events", "[]", hex32()).status()).isEqualTo(400);
        assertThat(post(t, "/api/v1/events", "{not json", hex32()).status()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/events", null, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void aWorkspaceIdInTheBodyChangesNothing() {
        Tenant t = newWorkspace("pro");
        Tenant other = newWorkspace("pro");
        String trace = hex32();
        Response r = post(t, "/api/v1/guardrails/similarity", Map.of("similarity_score", 0.81, "action_taken", "flagged",
                "flagged_reference", "known-jailbreak-17", "workspace_id", other.workspaceId()), trace);

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(trace(t, trace).get("promptSimilarity")).hasSize(1);
        assertThat(trace(other, trace).get("promptSimilarity")).isEmpty();
    }

    @Test
    void costsComeFromThePricingTableWhenNotGivenAndAnUnknownModelIsSaid() {
        Tenant t = newWorkspace("pro");
        String trace = hex32();
        Response r = post(t, "/api/v1/costs", List.of(
                Map.of("model_name", "gpt-4o", "input_tokens", 1000, "output_tokens", 500, "agent_id", "a-1"),
                Map.of("model_name", "house-model-7b", "input_tokens", 10, "output_tokens", 10),
                Map.of("model_name", "house-model-7b", "input_tokens", 100, "output_tokens", 100, "cost_usd", 0.02)), trace);

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().at("/warnings/0").asText()).startsWith("/1/model_name").contains("not in the pricing table");
        JsonNode costs = trace(t, trace).get("modelCosts");
        assertThat(costs).hasSize(3);
        JsonNode gpt = costs.findParents("model_name").stream().filter(c -> c.get("model_name").asText().equals("gpt-4o"))
                .findFirst().orElseThrow();
        // 1000 × 0.0025 / 1k + 500 × 0.01 / 1k = 0.0075; blended over 1500 tokens: 0.005 per 1k.
        assertThat(gpt.get("cost_usd").decimalValue()).isEqualByComparingTo("0.0075");
        assertThat(gpt.get("rate_per_1k").decimalValue()).isEqualByComparingTo("0.005");
    }

    @Test
    void anAgentsRunIsKeptWithItsNodes() {
        Tenant t = newWorkspace("pro");
        String trace = hex32();
        Response r = post(t, "/api/v1/traces/agents", Map.of("agent_id", "support-bot", "flow_id", "f-9",
                "input_context", Map.of("question", "Where is my order?"),
                "execution_nodes", List.of(Map.of("node", "retrieve", "ms", 40), Map.of("node", "answer", "ms", 900)),
                "output_summary", "Told the customer it ships tomorrow"), trace);

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode run = trace(t, trace).get("agentTraces").get(0);
        assertThat(run.get("agent_id").asText()).isEqualTo("support-bot");
        assertThat(run.at("/execution_nodes/1/node").asText()).isEqualTo("answer");
    }

    private Response post(Tenant t, String path, Object body, String trace) {
        return call("POST", path, t.apiKey(), body, Map.of("traceparent", "00-" + trace + "-00f067aa0ba902b7-01"));
    }

    private JsonNode trace(Tenant t, String trace) {
        Response r = call("GET", "/api/v1/traces/" + trace, t.apiKey(), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode find(JsonNode rows, String type) {
        for (JsonNode row : rows) {
            if (row.get("event_type").asText().equals(type)) {
                return row;
            }
        }
        throw new AssertionError("no " + type);
    }

    private static String hex32() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
