package io.automators.connectors.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Availability is health: a Nango that keeps failing opens its circuit breaker; the waterfall then
 * counts Nango unavailable and says why, and calls stop going to Nango until the breaker lets one by.
 */
@DirtiesContext
class NangoCircuitBreakerTest extends ApiTestSupport {

    static final WireMockServer NANGO = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @DynamicPropertySource
    static void nango(DynamicPropertyRegistry registry) {
        NANGO.start();
        registry.add("automators.providers.nango.base-url", NANGO::baseUrl);
        registry.add("automators.providers.nango.secret-key", () -> "nango-secret-circuit");
        registry.add("automators.providers.circuit-breaker.minimum-calls", () -> "2");
        registry.add("automators.providers.circuit-breaker.open-seconds", () -> "600");
    }

    @AfterAll
    static void stopNango() {
        NANGO.stop();
    }

    @Test
    void aFailingNangoOpensItsBreakerAndTheDecisionSaysSo() {
        String nangoId = "conn-" + UUID.randomUUID();
        NANGO.stubFor(get(urlPathEqualTo("/connections/" + nangoId)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"connection_id": "%s", "provider_config_key": "slack",
                         "credentials": {"type": "OAUTH2", "access_token": "xoxb-circuit", "expires_at": "%s"}}"""
                        .formatted(nangoId, Instant.now().minus(Duration.ofMinutes(5))))));
        Tenant t = newWorkspace("pro");
        Response attached = call("POST", "/api/v1/connectors/slack/connect", t.apiKey(),
                Map.of("name", "nango", "nangoConnectionId", nangoId));
        assertThat(attached.status()).as(attached.toString()).isEqualTo(201);
        assertThat(decide(t).get("provider").asText()).isEqualTo("nango");

        NANGO.stubFor(get(urlPathEqualTo("/connections/" + nangoId)).willReturn(aResponse().withStatus(500)));
        NANGO.resetRequests();
        // Two calls in the window (the attach, this one), half failed: the breaker opens.
        Response failed = send(t);
        assertThat(failed.status()).as(failed.toString()).isEqualTo(503);

        JsonNode decision = decide(t);
        assertThat(decision.get("rule").asInt()).isNotEqualTo(1);
        assertThat(decision.get("skipped").get(0).get("reason").asText()).contains("circuit breaker is open");
        Response refused = send(t);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().at("/decision/skipped/0/reason").asText()).contains("circuit breaker is open");
        // While it is open, no call goes to Nango.
        NANGO.verify(1, getRequestedFor(urlPathEqualTo("/connections/" + nangoId)));
    }

    private JsonNode decide(Tenant t) {
        return call("POST", "/api/v1/route/decide", t.apiKey(), Map.of("connector", "slack", "action", "send_message")).json();
    }

    private Response send(Tenant t) {
        return call("POST", "/api/v1/connectors/slack/actions/send_message", t.apiKey(),
                Map.of("input", Map.of("channel", "C123ABC456", "text", "hi")));
    }
}
