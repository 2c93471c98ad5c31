package io.automators.connectors.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.ApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Flags through the HTTP API: decided user > workspace > global > default, the global ones only the
 * admin's, and the plan's gates on what the platform posts.
 */
class FeatureFlagsTest extends ApiTestSupport {

    @Test
    void theMostSpecificRowDecides() {
        String flag = "beta_" + UUID.randomUUID().toString().substring(0, 8);
        Tenant t = newWorkspace("pro");
        assertThat(get(t, flag, null)).isEqualTo(List.of(false, "default"));

        assertThat(call("PUT", "/api/v1/admin/flags/" + flag, adminToken.value(), Map.of("enabled", true)).status()).isEqualTo(200);
        assertThat(get(t, flag, null)).isEqualTo(List.of(true, "global"));
        assertThat(call("PUT", "/api/v1/flags/" + flag, t.apiKey(), Map.of("enabled", false)).json().get("source").asText())
                .isEqualTo("workspace");
        assertThat(get(t, flag, null)).isEqualTo(List.of(false, "workspace"));
        assertThat(call("PUT", "/api/v1/flags/" + flag, t.apiKey(), Map.of("enabled", true, "userId", "u-1")).status()).isEqualTo(200);
        assertThat(get(t, flag, "u-1")).isEqualTo(List.of(true, "user"));
        assertThat(get(t, flag, "u-2")).isEqualTo(List.of(false, "workspace"));

        // Another workspace sees the global flag, not this workspace's rows.
        assertThat(get(newWorkspace("pro"), flag, "u-1")).isEqualTo(List.of(true, "global"));
        assertThat(call("DELETE", "/api/v1/flags/" + flag, t.apiKey(), null).status()).isEqualTo(204);
        assertThat(get(t, flag, null)).isEqualTo(List.of(true, "global"));
        assertThat(call("DELETE", "/api/v1/admin/flags/" + flag, adminToken.value(), null).status()).isEqualTo(204);
        assertThat(get(t, flag, null)).isEqualTo(List.of(false, "default"));
    }

    @Test
    void globalFlagsAreTheAdminsOnly() {
        Tenant t = newWorkspace("pro");
        assertThat(call("PUT", "/api/v1/admin/flags/agent_debugger_ui", t.apiKey(), Map.of("enabled", true)).status()).isEqualTo(401);
        assertThat(call("PUT", "/api/v1/flags/Bad-Name", t.apiKey(), Map.of("enabled", true)).status()).isEqualTo(400);
        assertThat(call("PUT", "/api/v1/flags/x", t.apiKey(), Map.of()).status()).isEqualTo(400);
        JsonNode plan = call("GET", "/api/v1/flags", t.apiKey(), null).json();
        assertThat(plan.findValuesAsText("name")).contains("track_model_costs", "enable_guardrails_tracing",
                "versioned_rag_tracking", "agent_debugger_ui");
    }

    @Test
    void thePlansFlagsGateWhatThePlatformPosts() {
        Tenant t = newWorkspace("pro");
        call("PUT", "/api/v1/flags/track_model_costs", t.apiKey(), Map.of("enabled", false));
        call("PUT", "/api/v1/flags/enable_guardrails_tracing", t.apiKey(), Map.of("enabled", false));
        // One user keeps cost tracking on.
        call("PUT", "/api/v1/flags/track_model_costs", t.apiKey(), Map.of("enabled", true, "userId", "u-keeps"));

        Response costs = call("POST", "/api/v1/costs", t.apiKey(), List.of(
                Map.of("model_name", "gpt-4o", "input_tokens", 10, "output_tokens", 10),
                Map.of("model_name", "gpt-4o", "input_tokens", 10, "output_tokens", 10, "user_id", "u-keeps")));
        assertThat(costs.status()).as(costs.toString()).isEqualTo(201);
        assertThat(costs.json().get("recorded").asInt()).isEqualTo(1);
        assertThat(costs.json().at("/warnings/0").asText()).contains("track_model_costs is off");

        Response events = call("POST", "/api/v1/events", t.apiKey(), List.of(
                Map.of("event_type", "prompt_blocked", "properties", Map.of("match_score", 0.9, "source", "db")),
                Map.of("event_type", "rag_query_triggered", "properties", Map.of("vector_db_used", "pgvector", "latency_ms", 3))));
        assertThat(events.json().get("recorded").asInt()).isEqualTo(1);
        assertThat(events.json().at("/warnings/0").asText()).startsWith("/0/event_type").contains("enable_guardrails_tracing");
    }

    private List<Object> get(Tenant t, String flag, String userId) {
        JsonNode all = call("GET", "/api/v1/flags" + (userId == null ? "" : "?userId=" + userId), t.apiKey(), null).json();
        for (JsonNode f : all) {
            if (f.get("name").asText().equals(flag)) {
                return List.of(f.get("enabled").asBoolean(), f.get("source").asText());
            }
        }
        return List.of(false, "default"); // not listed: no row anywhere
    }
}
