package io.automators.connectors.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.automators.connectors.ApiTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Rule 12 through the HTTP API: the operator's developer hook hears of every unroutable call. */
class DeveloperHookTest extends ApiTestSupport {

    private static final String HOOK_PATH = "/hooks/unroutable";
    private static final WireMockServer HOOK = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

    static {
        HOOK.start();
        HOOK.stubFor(post(urlEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(204)));
    }

    @DynamicPropertySource
    static void hookUrl(DynamicPropertyRegistry registry) {
        registry.add("automators.routing.developer-hook-url", () -> "http://127.0.0.1:" + HOOK.port() + HOOK_PATH);
    }

    @AfterAll
    static void stopHook() {
        HOOK.stop();
    }

    @BeforeEach
    void forgetEarlierCalls() {
        HOOK.resetRequests();
    }

    @Test
    void postsTheDecisionOfAnUnroutableCallToTheDeveloperHookWithoutItsInput() {
        Tenant tenant = newWorkspace("free");
        String traceId = newTraceId();

        Response response = call("POST", "/api/v1/connectors/slack/actions/send_message", tenant.apiKey(),
                Map.of("input", Map.of("channel", "C1", "text", "hi")),
                Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        // The hook is a wire-tap: it is posted after the caller already has its answer.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hookCalls()).hasSize(1));
        JsonNode hook = json(hookCalls().get(0));
        assertThat(hook.get("event").asText()).isEqualTo("connector.unroutable");
        assertThat(hook.get("workspaceId").asText()).isEqualTo(tenant.workspaceId());
        assertThat(hook.get("connector").asText()).isEqualTo("slack");
        assertThat(hook.get("action").asText()).isEqualTo("send_message");
        assertThat(hook.get("traceId").asText()).isEqualTo(traceId);
        assertThat(hook.at("/decision/rule").asInt()).isEqualTo(12);
        assertThat(hook.at("/decision/skipped")).hasSize(11);
        // The tenant's input (message text, possibly secrets) never leaves for the operator's hook.
        assertThat(hook.has("input")).isFalse();
        assertThat(hookCalls().get(0).getBodyAsString()).doesNotContain("\"hi\"").doesNotContain("C1");
    }

    @Test
    void doesNotCallTheDeveloperHookForADecideOnlyCall() {
        Tenant tenant = newWorkspace("free");
        String decideTrace = newTraceId();
        String actionTrace = newTraceId();

        Response decided = call("POST", "/api/v1/route/decide", tenant.apiKey(),
                Map.of("connector", "slack", "action", "send_message"),
                Map.of("traceparent", "00-" + decideTrace + "-00f067aa0ba902b7-01"));
        Response ran = call("POST", "/api/v1/connectors/slack/actions/send_message", tenant.apiKey(),
                Map.of("input", Map.of("channel", "C1", "text", "hi")),
                Map.of("traceparent", "00-" + actionTrace + "-00f067aa0ba902b7-01"));

        assertThat(decided.json().get("rule").asInt()).isEqualTo(12);
        assertThat(ran.status()).isEqualTo(422);
        // The action call's hook arrives for sure; by then a hook of the earlier decide call would have too.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hookCalls()).isNotEmpty());
        assertThat(hookCalls()).extracting(r -> json(r).get("traceId").asText()).containsExactly(actionTrace);
    }

    @Test
    void postsTheHookAgainWhenItFailsOnce() {
        StubMapping down = HOOK.stubFor(post(urlEqualTo(HOOK_PATH)).inScenario("hook down once")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        try {
            Tenant tenant = newWorkspace("free");
            String traceId = newTraceId();

            Response response = call("POST", "/api/v1/connectors/slack/actions/send_message", tenant.apiKey(),
                    Map.of("input", Map.of("channel", "C1", "text", "hi")),
                    Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

            assertThat(response.status()).isEqualTo(422);
            // The first post answered 503; the hook's error policy posts the same decision again.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hookCalls()).hasSize(2));
            assertThat(hookCalls()).extracting(r -> json(r).get("traceId").asText()).containsExactly(traceId, traceId);
        } finally {
            HOOK.removeStub(down);
            HOOK.resetScenarios();
        }
    }

    @Test
    void theAnswerNeverWaitsForTheHook() {
        // A hook that holds every post for 8 s: the caller's 422 comes without waiting for it.
        StubMapping slow = HOOK.stubFor(post(urlEqualTo(HOOK_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(204).withFixedDelay(8000)));
        try {
            Tenant tenant = newWorkspace("free");
            long started = System.nanoTime();

            Response response = call("POST", "/api/v1/connectors/slack/actions/send_message", tenant.apiKey(),
                    Map.of("input", Map.of("channel", "C1", "text", "hi")));

            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(response.status()).isEqualTo(422);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(hookCalls()).isNotEmpty());
            // The hook's first post was still held (8 s) when the answer came.
            assertThat(tookMs).as("answered in %d ms while the hook held its post", tookMs).isLessThan(8000);
        } finally {
            HOOK.removeStub(slow);
        }
    }

    /** A fresh W3C trace id, sent as traceparent, to tell the hook's calls apart. */
    private static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static List<LoggedRequest> hookCalls() {
        return HOOK.findAll(postRequestedFor(urlEqualTo(HOOK_PATH)));
    }

    private static JsonNode json(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
