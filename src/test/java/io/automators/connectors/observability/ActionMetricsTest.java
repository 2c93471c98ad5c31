package io.automators.connectors.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.slack.SlackStub;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Prometheus per connector and action (calls by outcome, latency histogram, the waterfall's rules),
 * served only to the admin token; health stays open.
 */
@DirtiesContext
// Spring Boot's tests switch metric exporters off unless asked: this one reads the Prometheus scrape.
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
class ActionMetricsTest extends ApiTestSupport {

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry registry) {
        registry.add("automators.connectors.slack.base-url", SlackStub::baseUrl);
    }

    @Test
    void countsCallsByConnectorActionOutcomeAndRuleWithALatencyHistogram() {
        Tenant t = newWorkspace("pro");
        assertThat(call("POST", "/api/v1/connectors/slack/connect", t.apiKey(),
                Map.of("credentials", Map.of("apiKey", "xoxb-metrics-test"))).status()).isEqualTo(201);
        assertThat(send(t, "C123ABC456").status()).isEqualTo(200);
        assertThat(send(t, "C123ABC456").status()).isEqualTo(200);
        assertThat(send(t, "C404NOTFOUND").status()).isEqualTo(404);

        Response metrics = call("GET", "/actuator/prometheus", adminToken.value(), null);

        assertThat(metrics.status()).isEqualTo(200);
        String text = metrics.body();
        assertThat(line(text, "automators_action_calls_seconds_count{", "outcome=\"success\"")).endsWith(" 2");
        assertThat(line(text, "automators_action_calls_seconds_count{", "outcome=\"vendor-refused\"")).endsWith(" 1")
                .contains("connector=\"slack\"").contains("action=\"send_message\"").contains("rule=\"2\"")
                .contains("provider=\"runtime-stored-key\"");
        assertThat(text).contains("automators_action_calls_seconds_bucket{");
        assertThat(line(text, "automators_waterfall_decisions_total{", "provider=\"runtime-stored-key\"")).contains("rule=\"2\"");
        // Action calls are measured above, not twice: MVC's per-request observation is off for them only.
        assertThat(text).doesNotContain("uri=\"/api/v1/connectors/{connector}/actions/{action}\"");
        assertThat(line(text, "http_server_requests_seconds_count{", "uri=\"/api/v1/connectors/{id}/connect\""))
                .contains("method=\"POST\"");
    }

    @Test
    void servesTheActuatorsInsidesOnlyToTheAdminToken() {
        assertThat(call("GET", "/actuator/prometheus", null, null).status()).isEqualTo(401);
        Response wrong = call("GET", "/actuator/camelroutes", newWorkspace("pro").apiKey(), null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(call("GET", "/actuator/camelroutes", adminToken.value(), null).status()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health/liveness", null, null).status()).isEqualTo(200);
    }

    private Response send(Tenant t, String channel) {
        return call("POST", "/api/v1/connectors/slack/actions/send_message", t.apiKey(),
                Map.of("input", Map.of("channel", channel, "text", "hi")));
    }

    /** The exposition line of a metric that has all the given parts. */
    private static String line(String text, String... parts) {
        return text.lines().filter(l -> java.util.Arrays.stream(parts).allMatch(l::contains)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + java.util.Arrays.toString(parts)));
    }
}
