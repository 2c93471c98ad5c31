package io.automators.connectors.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule 5 through the HTTP API: an Enterprise workspace's complex flow runs the connector's
 * Kaoto-designed route (a route file of the routes directory); the same call from a Pro workspace
 * does not, and the decision says why.
 */
class KaotoRouteTest extends BackendStubs {

    @Test
    void anEnterpriseWorkspacesComplexFlowRunsTheKaotoRoute() {
        Tenant t = newWorkspace("enterprise");

        Response r = act(t, "crm-flow", "enrich_contact", Map.of("input", Map.of("email", "ada@example.com"),
                "context", Map.of("complexity", "complex", "flowId", "flow-7")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rule").asInt()).isEqualTo(5);
        assertThat(r.json().get("provider").asText()).isEqualTo("kaoto");
        assertThat(r.json().at("/output/ranBy").asText()).isEqualTo("kaoto-crm-flow");
        assertThat(r.json().at("/output/email").asText()).isEqualTo("ada@example.com");
        assertThat(eventRow(r.json().get("traceId").asText()).get("status")).isEqualTo("success");
    }

    @Test
    void aProWorkspacesCallIsNotRunByTheKaotoRoute() {
        Tenant t = newWorkspace("pro");

        Response r = call("POST", "/api/v1/route/decide", t.apiKey(), Map.of("connector", "crm-flow", "action", "enrich_contact",
                "context", Map.of("complexity", "complex")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rule").asInt()).isNotEqualTo(5);
        assertThat(r.body()).contains("the workspace's plan is pro, not enterprise");
    }
}
